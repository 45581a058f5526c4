// Fleet benchmark: (1) how fast one node's sessions go into ClickHouse, against the embedded
// store on the same sessions; (2) the query-benchmark set at N sessions on ClickHouse and on
// DuckDB, through the same HTTP API. Starts its own clickhouse-server on free ports.
// Usage: node dist/bench/fleet/run.js [--sessions N] [--runs R] [--pcap FILE]
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AddressInfo } from 'node:net';
import { DuckDBInstance } from '@duckdb/node-api';
import { DuckDbStore } from '../../src/store/duckdb/duckdb-store.js';
import { ClickHouseStore } from '../../src/store/clickhouse/clickhouse-store.js';
import { ClickHouseClient } from '../../src/store/clickhouse/client.js';
import { parseClickHouseUrl } from '../../src/store/clickhouse/location.js';
import { createViewer } from '../../src/viewer/server.js';
import { importFiles } from '../../src/ingest/importer.js';
import { DEFAULT_SESSION_CONFIG } from '../../src/session/timeouts.js';
import type { SessionRecord } from '../../src/session/record.js';
import type { Store, ViewerStore } from '../../src/store/store.js';
import { allFields, CORE_FIELD_COUNT, fieldByName } from '../../src/fields/catalogue.js';
import { RowBinaryEncoder } from '../../src/store/clickhouse/row-binary.js';
import { quoteIdent, sessionTables } from '../../src/store/duckdb/schema.js';
import { startClickHouse } from '../../test/helpers/clickhouse.js';
import { initClickHouse, teeStore } from '../../test/helpers/ingest.js';
import { synthesize } from '../query/synth.js';
import { arg, QUERIES, timeQueries } from '../query/queries.js';

const N = Number(arg('sessions', '10000000'));
const RUNS = Number(arg('runs', '5'));
const root = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const PCAP = resolve(arg('pcap', join(root, 'build', 'bench', 'bench.pcap')));
const DUCK = join(root, 'build', 'bench', `query-${N}.duckdb`);

const secs = (t: number) => (performance.now() - t) / 1000;

/** One node's sessions (the bench capture's), as the pipeline hands them to a store. */
async function nodeRecords(scratch: string): Promise<{ records: SessionRecord[]; importSec: number }> {
  const records: SessionRecord[] = [];
  const duck = await DuckDbStore.open(join(scratch, 'records.duckdb'));
  const recorder = teeStore(duck, { appendSessions: async (r: SessionRecord[]) => void records.push(...r) });
  const t = performance.now();
  await importFiles(recorder, [PCAP], { node: 'bench', config: DEFAULT_SESSION_CONFIG, workers: 1 });
  const importSec = secs(t);
  await duck.close();
  return { records, importSec };
}

/** Sessions handed over as the pipeline does (2,048 at a time) until all are stored (close). */
async function insertRate(store: Store, records: SessionRecord[]): Promise<number> {
  const t = performance.now();
  for (let i = 0; i < records.length; i += 2048) await store.appendSessions(records.slice(i, i + 2048));
  await store.close();
  return records.length / secs(t);
}

/**
 * Copies the synthetic sessions from DuckDB into ClickHouse's one wide table: DuckDB rows become
 * session records and go through the store's own RowBinary encoder, 200k rows per insert, one
 * insert in flight while the next is encoded.
 */
async function copyToClickHouse(url: string): Promise<number> {
  const ch = new ClickHouseClient(parseClickHouseUrl(url).shards[0], 600_000);
  const db = await DuckDBInstance.create(DUCK, { access_mode: 'READ_ONLY' });
  const c = await db.connect();
  const table = (exp: string) => quoteIdent(sessionTables().find((t) => t.fields.includes(fieldByName(exp)!))!.name);
  const col = (exp: string) => quoteIdent(fieldByName(exp)!.column);
  const byColumn = new Map(allFields().map((f) => [f.column, f]));
  const [host, dns] = [fieldByName('host.http')!, fieldByName('dns.query.host')!];
  const enc = new RowBinaryEncoder();
  const t = performance.now();
  const result = await c.stream(`SELECT s.*, h.${col('host.http')} AS __host, d.${col('dns.query.host')} AS __dns FROM sessions s
    LEFT JOIN ${table('host.http')} h ON h.session_id = s.id LEFT JOIN ${table('dns.query.host')} d ON d.session_id = s.id`);
  let n = 0;
  let inFlight: Promise<void> = Promise.resolve();
  const send = async () => {
    const e = enc.take();
    n += e.ids.length;
    await inFlight;
    inFlight = ch.insert('sessions', e.body, {}, { format: 'RowBinary', columns: enc.columns });
  };
  const plain = (v: unknown) => (typeof v === 'bigint' ? Number(v) : Array.isArray(v) ? v.map((x) => (typeof x === 'bigint' ? Number(x) : x)) : v);
  for await (const rows of result.yieldRowObjectJs()) {
    for (const r of rows) {
      const rec: unknown[] = new Array(CORE_FIELD_COUNT + 1).fill(undefined);
      const app = new Map<number, unknown>();
      for (const [k, v] of Object.entries(r)) {
        if (v === null) continue;
        const f = k === '__host' ? host : k === '__dns' ? dns : byColumn.get(k);
        if (!f) continue;
        if (f.index < CORE_FIELD_COUNT) rec[f.index] = plain(v);
        else app.set(f.index, plain(v));
      }
      if (app.size) rec[CORE_FIELD_COUNT] = app;
      enc.add(rec, 'bulk');
      if (enc.rows >= 200_000) await send();
    }
  }
  if (enc.rows) await send();
  await inFlight;
  c.closeSync();
  db.closeSync();
  ch.close();
  return n / secs(t);
}

async function serve(store: ViewerStore): Promise<{ base: string; close(): Promise<void> }> {
  const viewer = await createViewer({ store, node: 'bench', log: () => undefined });
  await new Promise<void>((r) => viewer.server.listen(0, '127.0.0.1', () => r()));
  return { base: `http://127.0.0.1:${(viewer.server.address() as AddressInfo).port}`, close: () => viewer.close() };
}

async function main(): Promise<void> {
  process.env.WEIR_ADMIN_PASSWORD ??= 'bench-password';
  const auth = { authorization: `Basic ${Buffer.from(`admin:${process.env.WEIR_ADMIN_PASSWORD}`).toString('base64')}` };
  const scratch = mkdtempSync(join(tmpdir(), 'weir-bench-fleet-'));
  const ch = await startClickHouse(1);
  try {
    await initClickHouse(ch.url);
    const spool = `${ch.url}?spool=${join(scratch, 'spool')}`;

    console.log(`fleet benchmark (1): one node's sessions into the store, from ${PCAP}`);
    const { records, importSec } = await nodeRecords(scratch);
    console.log(`  ${records.length.toLocaleString('en')} sessions (import with the embedded store: ${importSec.toFixed(2)} s)`);
    const chStore = await ClickHouseStore.open(spool);
    const chRate = await insertRate(chStore, records);
    const duck = await DuckDbStore.open(join(scratch, 'insert.duckdb'));
    const duckRate = await insertRate(duck, records);
    console.log(`  ClickHouse insert: ${Math.round(chRate).toLocaleString('en')} sessions/s   DuckDB append: ${Math.round(duckRate).toLocaleString('en')} sessions/s   ratio ${(chRate / duckRate).toFixed(2)}x`);

    console.log(`\nfleet benchmark (2): query-benchmark set at ${N.toLocaleString('en')} sessions, ${RUNS} runs after one warm-up, through the HTTP API`);
    if (!existsSync(DUCK)) {
      mkdirSync(dirname(DUCK), { recursive: true });
      await synthesize(DUCK, N);
    }
    // A fresh database for the copy (the insert test's rows would be counted too).
    await ch.close();
    const ch2 = await startClickHouse(1);
    try {
      await initClickHouse(ch2.url);
      const loadRate = await copyToClickHouse(ch2.url);
      console.log(`  bulk load into ClickHouse: ${Math.round(loadRate).toLocaleString('en')} sessions/s`);
      const duckStore = await DuckDbStore.open(DUCK, { readOnly: false });
      const chRead = await ClickHouseStore.open(`${ch2.url}?spool=${join(scratch, 'spool2')}`);
      const [dv, cv] = [await serve(duckStore), await serve(chRead)];
      const dt = await timeQueries(dv.base, auth, RUNS);
      const ct = await timeQueries(cv.base, auth, RUNS);
      console.log(`  ${'query'.padEnd(34)} ${'DuckDB p50'.padStart(10)} ${'ClickHouse p50'.padStart(15)} ${'CH/DuckDB'.padStart(10)} ${'matched'.padStart(10)}`);
      for (let i = 0; i < QUERIES.length; i++) {
        const same = dt[i].matched === ct[i].matched ? '' : `  (ClickHouse matched ${ct[i].matched})`;
        console.log(`  ${dt[i].name.padEnd(34)} ${dt[i].p50.toFixed(0).padStart(7)} ms ${ct[i].p50.toFixed(0).padStart(12)} ms ${(ct[i].p50 / dt[i].p50).toFixed(2).padStart(9)}x ${dt[i].matched.padStart(10)}${same}`);
      }
      await dv.close();
      await cv.close();
      await duckStore.close();
      await chRead.close();
    } finally {
      await ch2.close();
    }
  } finally {
    await ch.close();
    rmSync(scratch, { recursive: true, force: true });
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});

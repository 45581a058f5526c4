// The ClickHouse store against a real clickhouse-server: it stores every field of every session
// exactly as the embedded store does, and loses nothing, nor doubles anything, when ClickHouse goes
// away during ingest.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { importFiles } from '../src/ingest/importer.js';
import { sampleFrames, writeSample } from '../src/sample/generate.js';
import { pcapFile } from '../src/pcap/frame-builder.js';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { weir, weirAsync } from './helpers/cli.js';
import { ClickHouseStore } from '../src/store/clickhouse/clickhouse-store.js';
import type { Store } from '../src/store/store.js';
import { fieldValue, type SessionDoc, type SessionRecord } from '../src/session/record.js';
import { F } from '../src/fields/catalogue.js';
import { RowBinaryEncoder } from '../src/store/clickhouse/row-binary.js';
import { Spool } from '../src/store/clickhouse/spool.js';
import { ClickHouseClient } from '../src/store/clickhouse/client.js';
import { parseClickHouseUrl } from '../src/store/clickhouse/location.js';
import { DEFAULT_SESSION_CONFIG } from '../src/session/timeouts.js';
import { corpusOrSkip } from './helpers/corpus.js';
import { clickHouseAvailable, startClickHouse } from './helpers/clickhouse.js';
import { ARKIME_TEST_CONFIG, scratchDir, teeStore, withClickHouse, withClickHouseStore, withStore } from './helpers/ingest.js';

function skipWithoutClickHouse(t: { skip(m: string): void }): boolean {
  if (clickHouseAvailable()) return false;
  console.log('\n*** SKIPPING: clickhouse-server is not installed (apt-get install clickhouse-server); the ClickHouse store was NOT checked ***\n');
  t.skip('clickhouse-server absent');
  return true;
}

async function allDocs(s: Store): Promise<Map<string, SessionDoc>> {
  const out = new Map<string, SessionDoc>();
  for await (const d of s.querySessions({})) out.set(String(d.id), d);
  return out;
}

test('ClickHouse stores every field of every session as DuckDB does', { timeout: 600_000 }, async (t) => {
  if (skipWithoutClickHouse(t)) return;
  const { dir, cleanup } = scratchDir();
  try {
    const inputs = [join(dir, 'sample.pcap')];
    writeSample(inputs[0]);
    const corpus = corpusOrSkip('arkime');
    if (corpus) inputs.push(...readdirSync(corpus).filter((f) => f.endsWith('.pcap')).sort().map((f) => join(corpus, f)));
    await withStore(async (duck) => {
      await withClickHouseStore(1, async (ch) => {
        for (const f of inputs) await importFiles(teeStore(duck, ch), [f], { node: 'test', config: ARKIME_TEST_CONFIG, force: true, workers: 1 });
        const [d, c] = [await allDocs(duck), await allDocs(ch)];
        assert.ok(d.size > 80, `sessions stored: ${d.size}`);
        assert.equal(c.size, d.size, 'sessions in ClickHouse');
        let fields = 0;
        const differ: string[] = [];
        for (const [id, doc] of d) {
          const other = c.get(id);
          if (!other) { differ.push(`${id} missing`); continue; }
          for (const k of new Set([...Object.keys(doc), ...Object.keys(other)])) {
            fields++;
            if (JSON.stringify(doc[k] ?? null) !== JSON.stringify(other[k] ?? null)) differ.push(`${id} ${k}: ${JSON.stringify(doc[k])} vs ${JSON.stringify(other[k])}`);
          }
        }
        console.log(`ClickHouse vs DuckDB: ${d.size} sessions, ${fields} field values compared, ${differ.length} differ`);
        assert.deepEqual(differ.slice(0, 10), []);
      });
    });
  } finally {
    cleanup();
  }
});

/** Session records of the sample traffic, as the pipeline hands them to a store. */
async function sampleRecords(dir: string, days: number): Promise<SessionRecord[]> {
  const records: SessionRecord[] = [];
  await withStore(async (duck) => {
    const recorder = teeStore(duck, { appendSessions: async (r: SessionRecord[]) => void records.push(...r) });
    for (let i = 0; i < days; i++) {
      const p = join(dir, `s${i}.pcap`);
      writeSample(p, { startMs: Date.UTC(2026, 0, 1 + i) });
      await importFiles(recorder, [p], { node: 'n1', config: DEFAULT_SESSION_CONFIG, workers: 1 });
    }
  });
  return records;
}

async function storedOnce(url: string, expected: SessionRecord[]): Promise<void> {
  const check = await ClickHouseStore.open(url, { readOnly: true });
  try {
    const counts = new Map<string, number>();
    for await (const v of check.uniqueValues({}, F.id, false)) counts.set(String(v.value), v.count);
    const missing = expected.filter((r) => !counts.has(String(fieldValue(r, F.id))));
    const doubled = [...counts].filter(([, n]) => n !== 1);
    assert.deepEqual({ missing: missing.length, doubled }, { missing: 0, doubled: [] });
    assert.equal(counts.size, expected.length);
  } finally {
    await check.close();
  }
}

test('ClickHouse stopped during ingest and restarted: spooled batches replayed in order, every session stored exactly once', { timeout: 600_000 }, async (t) => {
  if (skipWithoutClickHouse(t)) return;
  await withClickHouse(1, async (ch, dir) => {
    const records = await sampleRecords(dir, 3);
    const third = Math.ceil(records.length / 3);
    const spool = join(dir, 'spool');
    const logs: string[] = [];
    const store = await ClickHouseStore.open(`${ch.url}?spool=${spool}&timeoutMs=3000&flushMs=0`, { log: (l) => logs.push(l) });
    await store.appendSessions(records.slice(0, third));
    await store.flush();
    await ch.stop(0);
    await store.appendSessions(records.slice(third, 2 * third));
    await store.flush();
    await store.appendSessions(records.slice(2 * third));
    await store.flush();
    assert.equal(store.spoolSize().batches, 2, 'both batches made while ClickHouse was away are spooled');
    assert.ok(logs.some((l) => /spooling sessions/.test(l)), logs.join('\n'));
    await ch.start(0);
    await store.close();
    assert.equal(readdirSync(spool).filter((f) => f.endsWith('.batch')).length, 0, 'spool drained');
    await storedOnce(ch.url, records);
  });
});

test('a spooled batch whose insert may have landed sends only the rows not stored', { timeout: 600_000 }, async (t) => {
  if (skipWithoutClickHouse(t)) return;
  await withClickHouse(1, async (ch, dir) => {
    const records = await sampleRecords(dir, 1);
    // What a broken connection leaves: the server stored the first half of the batch...
    const half = Math.floor(records.length / 2);
    const spool = join(dir, 'spool');
    const first = await ClickHouseStore.open(`${ch.url}?spool=${join(dir, 'other')}`);
    await first.appendSessions(records.slice(0, half));
    await first.close();
    const client = new ClickHouseClient(parseClickHouseUrl(ch.url).shards[0]);
    const batch = (await client.rows('SELECT any(_batch) AS b FROM sessions'))[0].b as string;
    client.close();
    // ...and the writer, not knowing, spooled the whole batch marked for checking.
    const enc = new RowBinaryEncoder();
    for (const r of records) enc.add(r, batch);
    const e = enc.take();
    new Spool(spool, 1 << 30).add({ table: 'sessions', batch, verify: true, format: { format: 'RowBinary', columns: enc.columns }, ids: e.ids, ends: e.ends }, e.body);
    const store = await ClickHouseStore.open(`${ch.url}?spool=${spool}`);
    await store.close();
    await storedOnce(ch.url, records);
  });
});

/** An HTTP hop in front of ClickHouse that lets a test act on each insert before it goes on. */
async function insertHook(target: number, onInsert: (n: number) => Promise<void>): Promise<{ port: number; close(): void }> {
  let n = 0;
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', async () => {
      if (new URL(req.url ?? '/', 'http://x').searchParams.get('query')?.startsWith('INSERT INTO sessions')) await onInsert(++n);
      const up = http.request({ host: '127.0.0.1', port: target, method: req.method, path: req.url, headers: req.headers }, (r) => {
        res.writeHead(r.statusCode ?? 502, r.headers);
        r.pipe(res);
      });
      // ClickHouse gone: the connection breaks after the request was sent, outcome unknown.
      up.on('error', () => res.socket?.destroy());
      up.end(Buffer.concat(chunks));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  return { port: (server.address() as AddressInfo).port, close: () => server.close() };
}

test('weir import while ClickHouse is killed and restarted mid-ingest: every session stored exactly once', { timeout: 600_000 }, async (t) => {
  if (skipWithoutClickHouse(t)) return;
  await withClickHouse(1, async (ch, dir) => {
    let hook: { port: number; close(): void } | null = null;
    try {
      // One capture of 40 days of sample traffic: sessions leave the pipeline day by day.
      const frames = Array.from({ length: 40 }, (_, d) => sampleFrames(Date.UTC(2026, 0, 1 + d) * 1000)).flat();
      const pcap = join(dir, 'days.pcap');
      writeFileSync(pcap, pcapFile(frames));
      let restarted: Promise<void> = Promise.resolve();
      hook = await insertHook(ch.servers[0].http, async (n) => {
        if (n !== 3) return;
        // The third insert finds ClickHouse killed; it comes back 3 s later while the import goes on.
        await ch.stop(0);
        restarted = new Promise((r) => setTimeout(r, 3000)).then(() => ch.start(0));
      });
      const url = `clickhouse://127.0.0.1:${hook.port}/weir?spool=${join(dir, 'spool')}&batchRows=300&timeoutMs=5000`;
      const r = await weirAsync(['import', '--store', url, '--node', 'n1', '--workers', '1', pcap]);
      await restarted;
      assert.equal(r.status, 0, r.stderr);
      assert.match(r.stderr, /spooling sessions/, 'the outage was met and spooled');
      const sessions = Number(/(\d+) sessions/.exec(r.stdout)?.[1]);
      assert.ok(sessions > 3000, r.stdout);
      const check = await ClickHouseStore.open(ch.url, { readOnly: true });
      try {
        const counts = new Map<string, number>();
        for await (const v of check.uniqueValues({}, F.id, false)) counts.set(String(v.value), v.count);
        assert.equal(counts.size, sessions, 'every session stored');
        assert.deepEqual([...counts].filter(([, n]) => n !== 1), [], 'none twice');
        const files = await check.listFiles();
        assert.equal(files.length, 1);
        assert.ok(files[0].packets > 0, 'the file row completed after the outage');
      } finally {
        await check.close();
      }
    } finally {
      hook?.close();
    }
  });
});

test('weir db init and upgrade: schema made on every shard, missing columns added, stores refuse an old schema', { timeout: 300_000 }, async (t) => {
  if (skipWithoutClickHouse(t)) return;
  const ch = await startClickHouse(2);
  try {
    const before = weir(['sessions', '--store', ch.url]);
    assert.equal(before.status, 1);
    assert.match(before.stderr, /has no Weir schema: run weir db init/);
    const init = weir(['db', 'init', '--store', ch.url]);
    assert.equal(init.status, 0, init.stderr);
    for (const s of ch.servers) assert.match(init.stdout, new RegExp(`127\\.0\\.0\\.1:${s.http}: create table sessions_local`));
    assert.match(init.stdout, /create table sessions \(Distributed over weir_test\)/);
    assert.match(weir(['db', 'upgrade', '--store', ch.url]).stdout, /is up to date/);
    // An older Weir's schema: a field it did not know yet.
    const c = new ClickHouseClient(parseClickHouseUrl(ch.url).shards[1]);
    const col = F.communityId.column;
    await c.exec(`ALTER TABLE sessions DROP COLUMN ${col}`);
    await c.exec(`ALTER TABLE sessions_local DROP COLUMN ${col}`);
    c.close();
    const up = weir(['db', 'upgrade', '--store', ch.url]);
    assert.equal(up.status, 0, up.stderr);
    assert.match(up.stdout, new RegExp(`sessions_local: add column ${col} \\(communityId\\)`));
    assert.match(up.stdout, /2 change\(s\)/);
    const bad = weir(['sessions', '--store', 'clickhouse://127.0.0.1:1/weir?bogus=1']);
    assert.equal(bad.status, 1);
    assert.match(bad.stderr, /unknown ClickHouse store option "bogus"/);
    const many = weir(['sessions', '--store', 'clickhouse://127.0.0.1:1,127.0.0.1:2/weir']);
    assert.match(many.stderr, /need cluster=/);
  } finally {
    await ch.close();
  }
});

// Query latency benchmark: typical analyst requests against N synthetic sessions, through the
// real HTTP API (auth, validation, compiler, DuckDB). Prints p50/p95 per query and the targets.
// Usage: node dist/bench/query/run.js [--sessions N] [--runs R] [--db PATH]
import { existsSync, mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AddressInfo } from 'node:net';
import { DuckDbStore } from '../../src/store/duckdb/duckdb-store.js';
import { createViewer } from '../../src/viewer/server.js';
import { synthesize, START_MS } from './synth.js';

const arg = (name: string, dflt: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : dflt;
};
const N = Number(arg('sessions', '10000000'));
const RUNS = Number(arg('runs', '10'));
const root = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const db = resolve(arg('db', join(root, 'build', 'bench', `query-${N}.duckdb`)));

const day = (d: number) => Math.floor((START_MS + d * 86400e3) / 1000);
const ALL = 'date=-1';
const ONE_DAY = `startTime=${day(3)}&stopTime=${day(4)}`;

/** [name, kind, path?query]: kind "page" targets < 200 ms, "agg" < 1 s. */
const QUERIES: [string, 'page' | 'agg', string][] = [
  ['first page, newest first (all time)', 'page', `/api/sessions?${ALL}&length=100&order=firstPacket:desc`],
  ['first page, one day', 'page', `/api/sessions?${ONE_DAY}&length=100&order=firstPacket:desc`],
  ['ip equality', 'page', `/api/sessions?${ALL}&length=100&expression=${encodeURIComponent('ip.src == 10.0.0.7')}`],
  ['ip CIDR /16', 'page', `/api/sessions?${ALL}&length=100&expression=${encodeURIComponent('ip.dst == 10.0.0.0/16')}`],
  ['ip CIDR /12, one day', 'page', `/api/sessions?${ONE_DAY}&length=100&expression=${encodeURIComponent('ip.dst == 172.16.0.0/12 || ip.dst == 30.0.0.0/12')}`],
  ['host wildcard', 'page', `/api/sessions?${ALL}&length=100&expression=${encodeURIComponent('host.http == host12*.example.com')}`],
  ['host wildcard, one day', 'page', `/api/sessions?${ONE_DAY}&length=100&expression=${encodeURIComponent('host.http == host12*.example.com')}`],
  ['port and protocol', 'page', `/api/sessions?${ALL}&length=100&expression=${encodeURIComponent('port.dst == 22 && protocols == ssh')}`],
  ['spiview, 5 fields', 'agg', `/api/spiview?${ALL}&spi=protocols:10,ip.dst:10,port.dst:10,host.http:10,dns.query.host:10`],
  ['spiview, 5 fields, one day', 'agg', `/api/spiview?${ONE_DAY}&spi=protocols:10,ip.dst:10,port.dst:10,host.http:10,dns.query.host:10`],
  ['spigraph port.dst', 'agg', `/api/spigraph?${ALL}&field=port.dst&size=10`],
  ['connections ip.src -> ip.dst', 'agg', `/api/connections?${ONE_DAY}&srcField=ip.src&dstField=ip.dst&length=1000`],
  ['sessions histogram (facets)', 'agg', `/api/sessions?${ALL}&length=0&facets=1`],
];

const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))];

async function main(): Promise<void> {
  if (!existsSync(db)) {
    mkdirSync(dirname(db), { recursive: true });
    const t = Date.now();
    process.stderr.write(`generating ${N.toLocaleString('en')} synthetic sessions into ${db} ...\n`);
    await synthesize(db, N);
    process.stderr.write(`  done in ${((Date.now() - t) / 1000).toFixed(1)} s\n`);
  }
  process.env.WEIR_ADMIN_PASSWORD ??= 'bench-password';
  const store = await DuckDbStore.open(db);
  const viewer = await createViewer({ store, node: 'bench', log: () => undefined });
  await new Promise<void>((r) => viewer.server.listen(0, '127.0.0.1', () => r()));
  const base = `http://127.0.0.1:${(viewer.server.address() as AddressInfo).port}`;
  const auth = { authorization: `Basic ${Buffer.from(`admin:${process.env.WEIR_ADMIN_PASSWORD}`).toString('base64')}` };
  console.log(`query latency, ${N.toLocaleString('en')} sessions, ${RUNS} runs after one warm-up, through the HTTP API`);
  console.log(`${'query'.padEnd(34)} ${'p50 ms'.padStart(8)} ${'p95 ms'.padStart(8)}  target   matched`);
  let missed = 0;
  for (const [name, kind, path] of QUERIES) {
    const times: number[] = [];
    let matched = '';
    for (let i = 0; i <= RUNS; i++) {
      const t = performance.now();
      const r = await fetch(base + path, { headers: auth });
      const body = await r.json() as { recordsFiltered?: number; links?: unknown[]; items?: unknown[]; text?: string };
      if (r.status !== 200) throw new Error(`${name}: ${r.status} ${body.text}`);
      if (i > 0) times.push(performance.now() - t);
      matched = String(body.recordsFiltered ?? body.links?.length ?? body.items?.length ?? '');
    }
    const target = kind === 'page' ? 200 : 1000;
    const p50 = pct(times, 50);
    if (p50 >= target) missed++;
    console.log(`${name.padEnd(34)} ${p50.toFixed(0).padStart(8)} ${pct(times, 95).toFixed(0).padStart(8)}  < ${String(target).padEnd(5)} ${matched.padStart(9)}${p50 >= target ? '  MISSED' : ''}`);
  }
  console.log(`${QUERIES.length - missed}/${QUERIES.length} queries meet their p50 target (paged search < 200 ms, aggregations < 1 s)`);
  await viewer.close();
  await store.close();
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});

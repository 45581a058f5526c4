// Query latency benchmark: typical analyst requests against N synthetic sessions, through the
// real HTTP API (auth, validation, compiler, DuckDB). Prints p50/p95 per query and the targets.
// Usage: node dist/bench/query/run.js [--sessions N] [--runs R] [--db PATH]
import { existsSync, mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AddressInfo } from 'node:net';
import { DuckDbStore } from '../../src/store/duckdb/duckdb-store.js';
import { createViewer } from '../../src/viewer/server.js';
import { synthesize } from './synth.js';
import { arg, QUERIES, timeQueries } from './queries.js';

const N = Number(arg('sessions', '10000000'));
const RUNS = Number(arg('runs', '10'));
const root = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const db = resolve(arg('db', join(root, 'build', 'bench', `query-${N}.duckdb`)));

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
  for (const t of await timeQueries(base, auth, RUNS)) {
    const target = t.kind === 'page' ? 200 : 1000;
    if (t.p50 >= target) missed++;
    console.log(`${t.name.padEnd(34)} ${t.p50.toFixed(0).padStart(8)} ${t.p95.toFixed(0).padStart(8)}  < ${String(target).padEnd(5)} ${t.matched.padStart(9)}${t.p50 >= target ? '  MISSED' : ''}`);
  }
  console.log(`${QUERIES.length - missed}/${QUERIES.length} queries meet their p50 target (paged search < 200 ms, aggregations < 1 s)`);
  await viewer.close();
  await store.close();
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});

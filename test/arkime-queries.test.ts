// Arkime's own API count tests (../shared/corpus/arkime-queries/queries.tsv): after ingesting the
// Arkime corpus as node "test", each query string sent to /api/sessions (expression, time range,
// order...) must count the sessions Arkime counts. Cases needing what Weir has not built are
// listed as skipped, with the missing feature named.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { corpusOrSkip } from './helpers/corpus.js';
import { ARKIME_TEST_CONFIG, withStore } from './helpers/ingest.js';
import { importFiles } from '../src/ingest/importer.js';
import { startApi } from './helpers/viewer.js';
import { clickHouseAvailable } from './helpers/clickhouse.js';
import { withClickHouseStore } from './helpers/ingest.js';
import type { ViewerStore } from '../src/store/store.js';

/** Test files whose cases depend on Arkime plugins and their data. */
const PLUGIN_FILES: Record<string, string> = { 'tagger.t': 'Arkime tagger plugin data', 'wise.t': 'Arkime WISE plugin data' };
/** Arkime's test users (api-history.t) exist only in its regression setup. */
const NOT_BUILT_PARAMS: Record<string, string> = { arkimeRegressionUser: 'Arkime regression users (api-history.t)' };

interface Case { file: string; count: number; expression: string; params: string }

/** The case's request parameters: the expression (which holds `&&`) and the `&`-joined rest. */
function requestParams(c: Case): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of c.params.split('&').filter(Boolean)) {
    const eq = part.indexOf('=');
    out[part.slice(0, eq)] = decodeURIComponent(part.slice(eq + 1));
  }
  if (c.expression) out.expression = c.expression;
  return out;
}

function readCases(path: string, pcapDir: string): Case[] {
  const out: Case[] = [];
  for (const line of readFileSync(path, 'utf8').split('\n')) {
    if (!line || line.startsWith('#')) continue;
    const [file, count, query] = line.split('\t');
    const at = query.indexOf('expression=');
    // The expression holds `&&`; other parameters are joined by single `&`.
    const expression = at < 0 ? '' : query.slice(at + 11).split(/(?<!&)&(?!&)(?=[A-Za-z]+=)/)[0];
    out.push({ file, count: Number(count), expression: expression.replaceAll('<PCAPDIR>', pcapDir), params: at < 0 ? query : query.slice(0, at) });
  }
  return out;
}

interface Outcome { counts: Map<number, number>; pass: number; failures: string[]; skipped: Map<string, number>; groups: Map<string, { pass: number; run: number }> }

/** Ingests the Arkime corpus into a store and runs every case through the viewer API. */
async function runCases(store: ViewerStore, dir: string, cases: Case[]): Promise<Outcome> {
  const out: Outcome = { counts: new Map(), pass: 0, failures: [], skipped: new Map(), groups: new Map() };
  const skip = (why: string) => out.skipped.set(why, (out.skipped.get(why) ?? 0) + 1);
  const tally = (file: string, ok: boolean) => {
    const g = out.groups.get(file) ?? { pass: 0, run: 0 };
    g.run++;
    if (ok) g.pass++;
    out.groups.set(file, g);
  };
  for (const f of readdirSync(dir).filter((n) => n.endsWith('.pcap')).sort()) {
    await importFiles(store, [join(dir, f)], { node: 'test', config: ARKIME_TEST_CONFIG, force: true });
  }
  const api = await startApi(store);
  try {
    for (const [i, c] of cases.entries()) {
      if (PLUGIN_FILES[c.file]) { skip(PLUGIN_FILES[c.file]); continue; }
      const param = Object.keys(NOT_BUILT_PARAMS).find((p) => c.params.includes(`${p}=`));
      if (param) { skip(NOT_BUILT_PARAMS[param]); continue; }
      // Every tag in these cases comes from Arkime's WISE or tagger plugin data.
      if (/\btags\s*!?=/.test(c.expression)) { skip('tags set by Arkime WISE/tagger plugin data'); continue; }
      const r = await api.get('/api/sessions', { ...requestParams(c), length: 0 });
      if (r.status === 400) {
        const text = String(r.json.text);
        const field = /unknown field "([^"]+)"/.exec(text);
        skip(field ? `field ${field[1]}` : `value form: ${text.replace(/^bad expression: /, '').replace(/"[^"]*"/, '…').replace(/ at position \d+.*/, '')}`);
        continue;
      }
      assert.equal(r.status, 200, `${c.expression}: ${r.body.toString().slice(0, 300)}`);
      const n = r.json.recordsFiltered;
      out.counts.set(i, n);
      tally(c.file, n === c.count);
      if (n === c.count) out.pass++;
      else out.failures.push(`${c.file}: expected ${c.count}, got ${n}: ${c.params}${c.expression.replaceAll(`${dir}/`, '')}`);
    }
  } finally {
    await api.close();
  }
  return out;
}

function report(label: string, o: Outcome, total: number): number {
  const run = o.pass + o.failures.length;
  const rate = run ? o.pass / run : 0;
  console.log(`\nArkime query-count cases on ${label}: ${o.pass}/${run} pass (${(100 * rate).toFixed(1)} %), ${total - run} skipped`);
  for (const [file, g] of [...o.groups].sort()) console.log(`  ${file.padEnd(16)} ${g.pass}/${g.run} (${((100 * g.pass) / g.run).toFixed(1)} %)`);
  for (const [why, n] of [...o.skipped].sort((a, b) => b[1] - a[1])) console.log(`  skipped ${String(n).padStart(3)}  ${why}`);
  for (const f of o.failures) console.log(`  differs: ${f}`);
  assert.ok(run >= 100, 'most cases run');
  assert.ok(rate >= 0.9, `pass rate ${(100 * rate).toFixed(1)} % is below 90 %`);
  return rate;
}

function corpusCases(): { dir: string; cases: Case[] } | null {
  const dir = corpusOrSkip('arkime');
  const queries = corpusOrSkip('arkime-queries/queries.tsv');
  return dir && queries ? { dir, cases: readCases(queries, dir) } : null;
}

test('Arkime query-count cases: expressions select the sessions Arkime counts (DuckDB)', { timeout: 900_000 }, async (t) => {
  const corpus = corpusCases();
  if (!corpus) return t.skip('corpus absent');
  const o = await withStore((store) => runCases(store, corpus.dir, corpus.cases));
  report('DuckDB', o, corpus.cases.length);
});

test('Arkime query-count cases: ClickHouse gives every case the count DuckDB gives', { timeout: 900_000 }, async (t) => {
  const corpus = corpusCases();
  if (!corpus) return t.skip('corpus absent');
  if (!clickHouseAvailable()) {
    console.log('\n*** SKIPPING: clickhouse-server is not installed (apt-get install clickhouse-server); the ClickHouse store was NOT checked ***\n');
    return t.skip('clickhouse-server absent');
  }
  const duck = await withStore((store) => runCases(store, corpus.dir, corpus.cases));
  const ch = await withClickHouseStore(1, (store) => runCases(store, corpus.dir, corpus.cases));
  const rate = report('ClickHouse', ch, corpus.cases.length);
  const differ = [...duck.counts].filter(([i, n]) => ch.counts.get(i) !== n).map(([i, n]) => `${corpus.cases[i].expression}: DuckDB ${n}, ClickHouse ${ch.counts.get(i)}`);
  assert.deepEqual(differ, [], 'cases where the stores disagree');
  assert.equal(rate, duck.pass / (duck.pass + duck.failures.length));
});

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

test('Arkime query-count cases: expressions select the sessions Arkime counts', { timeout: 900_000 }, async (t) => {
  const dir = corpusOrSkip('arkime');
  const queries = corpusOrSkip('arkime-queries/queries.tsv');
  if (!dir || !queries) return t.skip('corpus absent');
  const cases = readCases(queries, dir);
  const skipped = new Map<string, number>();
  const skip = (why: string) => skipped.set(why, (skipped.get(why) ?? 0) + 1);
  const failures: string[] = [];
  let pass = 0;
  const groups = new Map<string, { pass: number; run: number }>();
  const tally = (file: string, ok: boolean) => {
    const g = groups.get(file) ?? { pass: 0, run: 0 };
    g.run++;
    if (ok) g.pass++;
    groups.set(file, g);
  };
  await withStore(async (store) => {
    for (const f of readdirSync(dir).filter((n) => n.endsWith('.pcap')).sort()) {
      await importFiles(store, [join(dir, f)], { node: 'test', config: ARKIME_TEST_CONFIG, force: true });
    }
    const api = await startApi(store);
    try {
      for (const c of cases) {
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
        tally(c.file, n === c.count);
        if (n === c.count) pass++;
        else failures.push(`${c.file}: expected ${c.count}, got ${n}: ${c.params}${c.expression.replaceAll(`${dir}/`, '')}`);
      }
    } finally {
      await api.close();
    }
  });
  const run = pass + failures.length;
  const rate = run ? pass / run : 0;
  console.log(`\nArkime query-count cases: ${pass}/${run} pass (${(100 * rate).toFixed(1)} %), ${cases.length - run} skipped`);
  for (const [file, g] of [...groups].sort()) console.log(`  ${file.padEnd(16)} ${g.pass}/${g.run} (${((100 * g.pass) / g.run).toFixed(1)} %)`);
  for (const [why, n] of [...skipped].sort((a, b) => b[1] - a[1])) console.log(`  skipped ${String(n).padStart(3)}  ${why}`);
  for (const f of failures) console.log(`  differs: ${f}`);
  assert.ok(run >= 100, 'most cases run');
  assert.ok(rate >= 0.9, `pass rate ${(100 * rate).toFixed(1)} % is below 90 %`);
});

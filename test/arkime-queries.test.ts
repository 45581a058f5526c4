// Arkime's own API count tests (../shared/corpus/arkime-queries/queries.tsv): after ingesting the
// Arkime corpus as node "test", each query's expression must select the expected number of
// sessions. Run through the store and the expression compiler (the HTTP API of issue 4 will run
// the same cases through /api/sessions). Cases needing what Weir has not built are listed as
// skipped, with the missing feature named.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { corpusOrSkip } from './helpers/corpus.js';
import { ARKIME_TEST_CONFIG, withStore } from './helpers/ingest.js';
import { importFiles } from '../src/ingest/importer.js';
import { parseExpression, ExpressionError } from '../src/query/parser.js';

/** Test files whose cases depend on Arkime plugins and their data. */
const PLUGIN_FILES: Record<string, string> = { 'tagger.t': 'Arkime tagger plugin data', 'wise.t': 'Arkime WISE plugin data' };
/** Request parameters besides the expression: the API's (issue 4) to apply. */
const NOT_BUILT_PARAMS = ['startTime', 'stopTime', 'order', 'arkimeRegressionUser', 'bounding', 'facets'];

interface Case { file: string; count: number; expression: string; params: string }

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
  await withStore(async (store) => {
    for (const f of readdirSync(dir).filter((n) => n.endsWith('.pcap')).sort()) {
      await importFiles(store, [join(dir, f)], { node: 'test', config: ARKIME_TEST_CONFIG, force: true });
    }
    for (const c of cases) {
      if (PLUGIN_FILES[c.file]) { skip(PLUGIN_FILES[c.file]); continue; }
      const param = NOT_BUILT_PARAMS.find((p) => c.params.includes(`${p}=`));
      if (param) { skip(`request parameter ${param} (API, issue 4)`); continue; }
      if (!c.expression) { skip('no expression'); continue; }
      let n = 0;
      try {
        for await (const _ of store.querySessions({ terms: [], expression: parseExpression(c.expression), fields: ['id'] })) n++;
      } catch (e) {
        if (!(e instanceof ExpressionError)) throw e;
        const field = /unknown field "([^"]+)"/.exec(e.reason);
        skip(field ? `field ${field[1]}` : `value form: ${e.reason.replace(/"[^"]*"/, '…')}`);
        continue;
      }
      if (n === c.count) pass++;
      else failures.push(`${c.file}: expected ${c.count}, got ${n}: ${c.expression.replaceAll(`${dir}/`, '')}`);
    }
  });
  const run = pass + failures.length;
  const rate = run ? pass / run : 0;
  console.log(`\nArkime query-count cases: ${pass}/${run} pass (${(100 * rate).toFixed(1)} %), ${cases.length - run} skipped`);
  for (const [why, n] of [...skipped].sort((a, b) => b[1] - a[1])) console.log(`  skipped ${String(n).padStart(3)}  ${why}`);
  for (const f of failures) console.log(`  differs: ${f}`);
  assert.ok(run >= 100, 'most cases run');
  assert.ok(rate >= 0.9, `pass rate ${(100 * rate).toFixed(1)} % is below 90 %`);
});

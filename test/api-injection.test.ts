// Hostile strings in every value position the API takes: expression values (quoted, bare, lists,
// regexes, file paths), tags, shortcut names and values, field names, sort keys, ids and times.
// Each must match literally or be refused with a 400; none may change the SQL or the data.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { DuckDbStore } from '../src/store/duckdb/duckdb-store.js';
import { importFiles } from '../src/ingest/importer.js';
import { scratchDir } from './helpers/ingest.js';
import { startApi } from './helpers/viewer.js';
import { writeApiTraffic } from './helpers/api-traffic.js';

const HOSTILE = [
  `x' OR '1'='1`, `'); DROP TABLE sessions; --`, `"; DELETE FROM sessions; --`, `\\' OR 1=1 /*`, `*/ OR 1=1 --`,
  `%`, `_`, `$1`, `\${x}`, `ünïcødé ☃ 🐟`, `\u202eevil`, `a\\b`, `;`, `--`, `/* c */`, `O'Brien`, `\\`, `'`, `"`,
];

/** `h` as an expression's quoted string. */
const quote = (h: string) => `"${h.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;

test('API: hostile strings in every value position match literally or are refused', { timeout: 300_000 }, async () => {
  const { dir, cleanup } = scratchDir('weir-inject-');
  const files = writeApiTraffic(dir);
  const store = await DuckDbStore.open(join(dir, 'weir.duckdb'));
  const api = await startApi(store);
  try {
    await importFiles(store, [files.sample, files.gzip], { node: 'test', flushEachFile: true });
    const ALL = { date: -1 };
    const total = (await api.get('/api/sessions', { ...ALL, length: 0 })).json.recordsTotal;
    const dns = (await api.get('/api/sessions', { ...ALL, length: 0, expression: 'port.dst == 53' })).json.recordsFiltered;
    const okOr400 = (r: { status: number; body: Buffer }, what: string) => {
      assert.ok(r.status === 200 || r.status === 400, `${what}: status ${r.status} ${r.body.toString().slice(0, 200)}`);
      assert.doesNotMatch(r.body.toString(), /\n\s+at |\.js:\d+|SELECT |duckdb/i, `${what}: no internals`);
    };
    let refused = 0;
    for (const h of HOSTILE) {
      // Values in the expression: nothing in the data holds them, so every match count is 0.
      for (const expression of [
        `host.http == ${quote(h)}`, `http.uri == ${quote(h)}`, `dns.query.host == [${quote(h)}, ${quote(h + 'x')}]`, `host.http == ]${quote(h)}, a[`,
        `file == ${quote('/tmp/' + h)}`, `node == ${quote(h)}`, `tags == ${quote(h)}`, `host.http != ${quote(h)} && host.http == ${quote(h)}`,
        `host.http == ${h}`, `http.uri == /${h.replace(/\//g, '\\/')}/`, `ip.src == ${quote(h)}`, `port.dst == ${quote(h)}`,
      ]) {
        const r = await api.get('/api/sessions', { ...ALL, length: 0, expression });
        okOr400(r, expression);
        if (r.status === 200) assert.equal(r.json.recordsFiltered, 0, expression);
        else refused++;
      }
      // A tag holding the string lands on exactly the chosen sessions and is found by itself.
      const add = await api.send('POST', '/api/sessions/addtags', { date: -1, expression: 'port.dst == 53', tags: h.replace(/,/g, '') });
      assert.equal(add.status, 200, `tag ${h}`);
      assert.equal((await api.get('/api/sessions', { ...ALL, length: 0, expression: `tags == ${quote(h)}` })).json.recordsFiltered, dns, `tags == ${h}`);
      await api.send('POST', '/api/sessions/removetags', { date: -1, expression: 'port.dst == 53', tags: h });
      assert.equal((await api.get('/api/sessions', { ...ALL, length: 0, expression: `tags == ${quote(h)}` })).json.recordsFiltered, 0);
      // Shortcut values are data; shortcut names are checked.
      const sc = await api.send('POST', '/api/shortcut', { name: 'hostile', type: 'string', value: [h] });
      assert.equal(sc.status, 200);
      assert.equal((await api.get('/api/sessions', { ...ALL, length: 0, expression: 'host.http == $hostile' })).json.recordsFiltered, 0);
      assert.equal((await api.send('DELETE', `/api/shortcut/${sc.json.id}`, {})).status, 200);
      const named = await api.send('POST', '/api/shortcut', { name: h, type: 'string', value: ['a'] });
      assert.equal(named.status, /^[A-Za-z0-9_][A-Za-z0-9_.-]*$/.test(h) ? 200 : 400, `shortcut name ${h}`);
      if (named.status === 200) await api.send('DELETE', `/api/shortcut/${named.json.id}`, {});
      // Names of fields, sort keys and the like must be catalogue names.
      for (const [path, params] of [
        ['/api/sessions', { fields: `id,${h}` }], ['/api/sessions', { order: `${h}:asc` }], ['/api/spiview', { spi: h }],
        ['/api/unique', { exp: h }], ['/api/connections', { srcField: h }], ['/api/spigraph', { field: h }], ['/api/sessions.csv', { fields: h }],
        ['/api/sessions', { startTime: h, stopTime: '1' }],
      ] as const) {
        // date=-1 would take precedence over startTime/stopTime.
        const r = await api.get(path, 'startTime' in params ? params : { ...ALL, ...params });
        assert.equal(r.status, 400, `${path} ${JSON.stringify(params)}`);
      }
      const ids = await api.get('/api/sessions', { ...ALL, length: 0, ids: `${h},${h}x` });
      assert.equal(ids.status, 200);
      assert.equal(ids.json.recordsFiltered, 0);
      assert.equal((await api.get(`/api/session/test/${encodeURIComponent(h)}/detail`)).status, 404);
    }
    console.log(`\nhostile strings: ${HOSTILE.length}, expression cases refused with 400: ${refused}, the rest matched nothing, literally`);
    const after = await api.get('/api/sessions', { ...ALL, length: 0 });
    assert.equal(after.json.recordsTotal, total, 'no session lost or added');
    assert.equal((await api.get('/api/sessions', { ...ALL, length: 0, expression: 'port.dst == 53' })).json.recordsFiltered, dns);
    assert.equal((await api.get('/api/shortcuts')).json.data.length, 0);
  } finally {
    await api.close();
    await store.close();
    cleanup();
  }
});

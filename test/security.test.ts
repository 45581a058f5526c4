// Security by default, over HTTP against a real viewer: nothing but /health and the login answers
// without a user; cookie logins need their CSRF token on state changes; a forced expression
// cannot be escaped; repeated wrong passwords lock the user out for a while.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { DuckDbStore } from '../src/store/duckdb/duckdb-store.js';
import { importFiles } from '../src/ingest/importer.js';
import { hashPassword } from '../src/viewer/auth.js';
import { writeSample } from '../src/sample/generate.js';
import { scratchDir } from './helpers/ingest.js';
import { startApi, ADMIN_PASSWORD } from './helpers/viewer.js';

test('security: auth everywhere, CSRF, forced expressions, login lockout', async () => {
  const { dir, cleanup } = scratchDir('weir-sec-');
  const pcap = join(dir, 'sample.pcap');
  writeSample(pcap);
  const store = await DuckDbStore.open(join(dir, 'weir.duckdb'));
  const api = await startApi(store);
  try {
    await importFiles(store, [pcap], { node: 'test' });
    await store.putUser({ id: 'fenced', passwordHash: await hashPassword('fenced-pw-1'), roles: ['analyst'], expression: 'port.dst == 53', createdAt: 0 });
    const doc = (await api.get('/api/openapi.json')).json as { paths: Record<string, Record<string, unknown>> };
    const some = (await api.get('/api/sessions', { date: -1, length: 1, fields: 'id,node' })).json.data[0];

    // Every documented route, with its path parameters filled, refuses a request without a user.
    let checked = 0;
    for (const [path, methods] of Object.entries(doc.paths)) {
      const url = path.replace('{node}', some.node).replace('{id}', some.id).replace('{id}', '1');
      for (const method of Object.keys(methods)) {
        const r = await fetch(`${api.base}${url}?date=-1`, { method: method.toUpperCase(), headers: { 'content-type': 'application/json' }, body: method === 'get' ? undefined : '{}' });
        if (path === '/health') assert.equal(r.status, 200);
        else if (path === '/api/login') assert.equal(r.status, 400, 'the login itself: its body is checked');
        else {
          assert.equal(r.status, 401, `${method} ${path}`);
          checked++;
        }
      }
    }
    assert.ok(checked >= 20, `${checked} routes checked`);

    // Cookie login: the session cookie is HttpOnly and SameSite=Strict; state changes need the token.
    const login = await fetch(`${api.base}/api/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ user: 'admin', password: ADMIN_PASSWORD }) });
    assert.equal(login.status, 200);
    const cookie = login.headers.get('set-cookie') ?? '';
    assert.match(cookie, /weir_session=[^;]+; Path=\/; HttpOnly; SameSite=Strict/);
    const { csrf } = await login.json();
    const jar = { cookie: cookie.split(';')[0] };
    assert.equal((await fetch(`${api.base}/api/sessions?date=-1&length=0`, { headers: jar })).status, 200, 'the cookie logs in');
    const tag = (headers: Record<string, string>) => fetch(`${api.base}/api/sessions/addtags`, { method: 'POST', headers: { ...jar, 'content-type': 'application/json', ...headers }, body: JSON.stringify({ date: -1, expression: 'port.dst == 53', tags: 'csrf' }) });
    assert.equal((await tag({})).status, 403, 'no CSRF token');
    assert.equal((await tag({ 'x-weir-csrf': 'forged' })).status, 403, 'wrong CSRF token');
    assert.equal((await tag({ 'x-weir-csrf': csrf })).status, 200, 'right CSRF token');
    // A cross-site form post with Basic credentials the browser cached: a simple content type is refused.
    const form = await fetch(`${api.base}/api/sessions/addtags`, { method: 'POST', headers: { authorization: `Basic ${Buffer.from(`admin:${ADMIN_PASSWORD}`).toString('base64')}`, 'content-type': 'application/x-www-form-urlencoded' }, body: 'date=-1&tags=x' });
    assert.equal(form.status, 403);
    assert.equal((await fetch(`${api.base}/api/logout`, { method: 'POST', headers: { ...jar, 'x-weir-csrf': csrf } })).status, 200);
    assert.equal((await fetch(`${api.base}/api/sessions?date=-1`, { headers: jar })).status, 401, 'logged out');

    // The forced expression is AND-ed as a tree: `||` in the user's query cannot widen it.
    const fenced = `Basic ${Buffer.from('fenced:fenced-pw-1').toString('base64')}`;
    const dns = (await api.get('/api/sessions', { date: -1, length: 0, expression: 'port.dst == 53' })).json.recordsFiltered;
    for (const expression of ['port.dst == 80 || port.dst == 53', 'port.dst != 53 || port.dst == 53', ') || (port.dst == 80', 'port.dst == 80) || (1 == 1']) {
      const r = await api.get('/api/sessions', { date: -1, length: 1000, expression, fields: 'port.dst' }, fenced);
      if (r.status === 400) continue;
      assert.equal(r.status, 200, expression);
      assert.ok(r.json.data.every((d: { 'port.dst': number }) => d['port.dst'] === 53), expression);
      assert.ok(r.json.recordsFiltered <= dns, expression);
    }
    assert.equal((await api.get('/api/spiview', { date: -1, spi: 'port.dst' }, fenced)).json.spi['port.dst'].buckets.length, 1, 'aggregations are fenced too');

    // Ten wrong passwords lock the user out, the right one included, for a while.
    for (let i = 0; i < 10; i++) {
      const r = await fetch(`${api.base}/api/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ user: 'fenced', password: `wrong-${i}` }) });
      assert.equal(r.status, 401);
    }
    const locked = await fetch(`${api.base}/api/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ user: 'fenced', password: 'fenced-pw-1' }) });
    assert.equal(locked.status, 429);
  } finally {
    await api.close();
    await store.close();
    cleanup();
  }
});

// The viewer API end to end: a real DuckDB file, real pcap files made here, the real HTTP server,
// answers checked against the stored sessions read back through the store and against tshark.
import { describe, before, after, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DuckDbStore } from '../src/store/duckdb/duckdb-store.js';
import { importFiles } from '../src/ingest/importer.js';
import { hashPassword } from '../src/viewer/auth.js';
import type { SessionDoc } from '../src/session/record.js';
import { scratchDir } from './helpers/ingest.js';
import { startApi, basic, type Api } from './helpers/viewer.js';
import { writeApiTraffic, GZIP_TEXT, GZIP_CLIENT } from './helpers/api-traffic.js';
import { haveTshark } from './helpers/tshark.js';

type Doc = SessionDoc & { id: string; firstPacket: number; lastPacket: number; packets: number; bytes: number };

describe('viewer API', () => {
  const scratch = scratchDir('weir-api-');
  let store: DuckDbStore;
  let api: Api;
  let all: Doc[];
  const ALL = { date: -1 };

  before(async () => {
    const files = writeApiTraffic(scratch.dir);
    store = await DuckDbStore.open(join(scratch.dir, 'weir.duckdb'));
    await importFiles(store, [files.sample, files.gzip], { node: 'test', flushEachFile: true });
    api = await startApi(store);
    await store.putUser({ id: 'vera', passwordHash: await hashPassword('vera-pw'), roles: ['viewer'], expression: null, createdAt: 0 });
    await store.putUser({ id: 'ana', passwordHash: await hashPassword('ana-pw'), roles: ['analyst'], expression: 'port.dst == 53', createdAt: 0 });
    all = [];
    for await (const d of store.querySessions({})) all.push(d as Doc);
  });
  after(async () => {
    await api.close();
    await store.close();
    scratch.cleanup();
  });

  test('authentication: only /health is open; wrong passwords fail and are rate-limited; roles gate packets', async () => {
    assert.equal((await api.get('/health', {}, '')).status, 200);
    for (const path of ['/api/sessions', '/api/fields', '/api/openapi.json', '/sessions', '/api/stats']) assert.equal((await api.get(path, ALL, '')).status, 401, path);
    assert.equal((await api.get('/api/sessions', ALL, basic('admin', 'wrong'))).status, 401);
    assert.equal((await api.get('/api/sessions', ALL, basic('vera', 'vera-pw'))).status, 200);
    const some = all[0];
    assert.equal((await api.get(`/api/session/test/${some.id}/packets`, {}, basic('vera', 'vera-pw'))).status, 403, 'viewer role: no packet bytes');
    assert.equal((await api.get('/api/sessions.pcap', ALL, basic('vera', 'vera-pw'))).status, 403, 'viewer role: no pcap');
    assert.equal((await api.get('/api/histories', {}, basic('vera', 'vera-pw'))).status, 403, 'viewer role: no history');
    for (let i = 0; i < 10; i++) await api.get('/api/fields', {}, basic('mallory', `guess${i}`));
    assert.equal((await api.get('/api/fields', {}, basic('mallory', 'guess10'))).status, 429);
  });

  test('a user\'s forced expression is AND-ed into every search and detail', async () => {
    const r = await api.get('/api/sessions', { ...ALL, length: 1000 }, basic('ana', 'ana-pw'));
    assert.equal(r.json.recordsFiltered, all.filter((d) => d['port.dst'] === 53).length);
    const web = all.find((d) => d['port.dst'] === 80)!;
    assert.equal((await api.get(`/api/session/test/${web.id}/detail`, {}, basic('ana', 'ana-pw'))).status, 404);
  });

  test('sessions: time range and bounding, paging, order, fields, facets', async () => {
    const r = await api.get('/api/sessions', { ...ALL, length: 1000 });
    assert.equal(r.json.recordsTotal, all.length);
    assert.equal(r.json.recordsFiltered, all.length);
    // No time parameters: the last hour, as in Arkime (the traffic is older).
    const now = Date.now();
    assert.equal((await api.get('/api/sessions')).json.recordsFiltered, all.filter((d) => d.lastPacket >= now - 3600e3).length);
    const start = Date.UTC(2026, 10, 23, 9, 0, 5) / 1000, stop = Date.UTC(2026, 10, 23, 9, 0, 9) / 1000;
    const lo = start * 1000, hi = stop * 1000;
    const within = (t: number) => t >= lo && t <= hi;
    const expect: Record<string, (d: Doc) => boolean> = {
      last: (d) => within(d.lastPacket), first: (d) => within(d.firstPacket), both: (d) => within(d.firstPacket) && within(d.lastPacket),
      either: (d) => d.firstPacket <= hi && d.lastPacket >= lo,
    };
    for (const [bounding, pred] of Object.entries(expect)) {
      const n = (await api.get('/api/sessions', { startTime: start, stopTime: stop, bounding, length: 0 })).json.recordsFiltered;
      assert.equal(n, all.filter(pred).length, bounding);
      assert.ok(n > 0, `${bounding} selects some sessions`);
    }
    assert.equal((await api.get('/api/sessions', { startTime: '2026/11/23 09:00:05', stopTime: '2026-11-23T09:00:09Z', length: 0 })).json.recordsFiltered, all.filter(expect.last).length);
    assert.equal((await api.get('/api/sessions', { date: -1, bounding: 'database', length: 0 })).json.recordsFiltered, all.length);
    const page = await api.get('/api/sessions', { ...ALL, start: 10, length: 5, order: 'bytes:desc', fields: 'id,bytes,ip.src' });
    const sorted = [...all].sort((a, b) => b.bytes - a.bytes || (a.id < b.id ? -1 : 1));
    assert.deepEqual(page.json.data.map((d: Doc) => d.bytes), sorted.slice(10, 15).map((d) => d.bytes));
    assert.deepEqual(Object.keys(page.json.data[0]).sort(), ['bytes', 'id', 'ip.src']);
    const f = await api.get('/api/sessions', { ...ALL, facets: 1, length: 0, expression: 'protocols == dns' });
    const histo = f.json.graph.sessionsHisto.reduce((a: number, b: [number, number]) => a + b[1], 0);
    assert.equal(histo, f.json.recordsFiltered);
    assert.equal(f.json.recordsFiltered, all.filter((d) => (d.protocols as string[]).includes('dns')).length);
    assert.deepEqual(f.json.map, { src: {}, dst: {}, xffGeo: {} });
    // Counts of searches on one protocol table, including those a session without a row matches.
    const hosts = (d: Doc) => ((d['host.http'] as string[] | undefined) ?? []).length;
    for (const [expression, pred] of [
      ['host.http == *.example.com', (d: Doc) => ((d['host.http'] as string[]) ?? []).some((h) => h.endsWith('.example.com'))],
      ['host.http.cnt == 0', (d: Doc) => hosts(d) === 0],
      ['host.http.cnt < 1', (d: Doc) => hosts(d) < 1],
      ['host.http != www.example.com', (d: Doc) => !((d['host.http'] as string[]) ?? []).includes('www.example.com')],
      ['!(host.http == EXISTS!)', (d: Doc) => hosts(d) === 0],
    ] as const) {
      const page = await api.get('/api/sessions', { ...ALL, length: 1000, expression });
      assert.equal(page.json.recordsFiltered, all.filter(pred).length, expression);
      assert.equal(page.json.data.length, page.json.recordsFiltered, expression);
    }
  });

  test('bad input: 400 with the reason and position, 404 for what does not exist, never a stack trace', async () => {
    const bad = await api.get('/api/sessions', { ...ALL, expression: 'ip.src == 10.0.0.1 &&' });
    assert.equal(bad.status, 400);
    assert.equal(bad.json.position, 21);
    assert.ok(bad.json.expected.length > 0);
    const unknown = await api.get('/api/sessions', { ...ALL, expression: 'ip.sorce == 1.2.3.4' });
    assert.equal(unknown.status, 400);
    assert.match(unknown.json.text, /unknown field "ip.sorce".*ip\.src/);
    for (const [path, params] of [
      ['/api/sessions', { date: 'yesterday' }], ['/api/sessions', { ...ALL, length: -1 }], ['/api/sessions', { ...ALL, order: 'nosuch:desc' }],
      ['/api/sessions', { ...ALL, fields: 'id,bogus' }], ['/api/sessions', { ...ALL, bounding: 'sideways' }], ['/api/sessions', { startTime: 'soon', stopTime: '1' }],
      ['/api/spiview', { ...ALL }], ['/api/spiview', { ...ALL, spi: 'ip.src:0' }], ['/api/unique', { ...ALL, exp: 'packetPos' }], ['/sessions', { date: 'x' }],
      ['/api/sessions', { ...ALL, expression: 'port.dst == $nosuch' }],
    ] as const) {
      const r = await api.get(path, params);
      assert.equal(r.status, 400, `${path} ${JSON.stringify(params)}`);
      assert.equal(typeof r.json.text, 'string');
      assert.doesNotMatch(r.body.toString(), /\n\s+at |\.js:\d+/, 'no stack trace');
    }
    assert.equal((await api.get('/api/nosuch')).status, 404);
    assert.equal((await api.get(`/api/session/test/nosuch/detail`)).status, 404);
    assert.equal((await api.send('DELETE', '/api/sessions', {})).status, 405);
  });

  test('detail and packets: all fields, decoded packets, reassembled payload, HTTP chunked+gzip decoded', async () => {
    const gz = all.find((d) => d['ip.src'] === GZIP_CLIENT)!;
    const detail = await api.get(`/api/session/test/${gz.id}/detail`);
    assert.equal(detail.json['ip.src'], GZIP_CLIENT);
    assert.deepEqual(detail.json['host.http'], ['gz.example']);
    assert.equal(detail.json.packetPos, undefined, 'internal fields stay internal');
    const p = await api.get(`/api/session/test/${gz.id}/packets`, { base: 'natural' });
    assert.equal(p.json.totalPackets, gz.packets);
    assert.match(p.json.packets[0].summary, /^IPv4 10\.77\.0\.2:40000 > 10\.77\.0\.9:8080 TCP \[SYN\]/);
    assert.deepEqual(p.json.payload.map((c: { dir: number }) => c.dir), [0, 1], 'one request chunk (retransmission dropped), one response chunk');
    assert.match(p.json.payload[0].data, /^GET \/z HTTP\/1\.1\r\nHost: gz\.example\r\n/);
    assert.equal(p.json.payload[0].data.match(/GET \/z/g).length, 1);
    const resp = p.json.http.find((m: { dir: number }) => m.dir === 1);
    assert.deepEqual(resp.decoded, ['chunked', 'gzip']);
    assert.equal(resp.body, GZIP_TEXT);
    const hex = await api.get(`/api/session/test/${gz.id}/packets`, { base: 'hex' });
    assert.match(hex.json.packets[0].data, /^00000000  02 00 00 00 00 02 02 00 00 00 00 01 08 00 45 00  \.{12}\.\.E\./);
    const one = await api.get(`/api/session/test/${gz.id}.pcap`);
    assert.equal(one.status, 200);
    assert.equal(one.body.readUInt32LE(0), 0xa1b2c3d4);
    if (haveTshark()) {
      const f = join(scratch.dir, 'one.pcap');
      writeFileSync(f, one.body);
      assert.equal(execFileSync('tshark', ['-n', '-r', f]).toString().trim().split('\n').length, gz.packets);
    }
  });

  test('spiview, spigraph, connections and unique agree with the stored sessions', async () => {
    const count = (field: string) => {
      const m = new Map<string, number>();
      for (const d of all) for (const v of ([] as unknown[]).concat(d[field] ?? [])) m.set(String(v), (m.get(String(v)) ?? 0) + 1);
      return m;
    };
    const spi = await api.get('/api/spiview', { ...ALL, spi: 'protocols:3,ip.dst,port.dst:2' });
    for (const [field, n] of [['protocols', 3], ['ip.dst', 100], ['port.dst', 2]] as const) {
      const want = [...count(field)].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).slice(0, n);
      assert.deepEqual(spi.json.spi[field].buckets.map((b: { key: unknown; doc_count: number }) => [String(b.key), b.doc_count]), want, field);
    }
    const graph = await api.get('/api/spigraph', { ...ALL, field: 'protocols', size: 2 });
    for (const item of graph.json.items) assert.equal(item.sessionsHisto.reduce((a: number, b: [number, number]) => a + b[1], 0), count('protocols').get(String(item.name)));
    const conn = await api.get('/api/connections', { ...ALL, srcField: 'ip.src', dstField: 'ip.dst', minConn: 2 });
    const pairs = new Map<string, number>();
    for (const d of all) pairs.set(`${d['ip.src']}>${d['ip.dst']}`, (pairs.get(`${d['ip.src']}>${d['ip.dst']}`) ?? 0) + 1);
    const want = [...pairs].filter(([, n]) => n >= 2);
    assert.equal(conn.json.links.length, want.length);
    for (const l of conn.json.links) assert.equal(l.sessions, pairs.get(`${l.source}>${l.target}`));
    const uniq = await api.get('/api/unique', { ...ALL, exp: 'host.http', counts: 1 });
    assert.deepEqual(uniq.body.toString().trim().split('\n').sort(), [...count('host.http')].map(([v, n]) => `${v}, ${n}`).sort());
  });

  test('CSV export has a header and one row per matching session', async () => {
    const r = await api.get('/api/sessions.csv', { ...ALL, expression: 'port.dst == 80', fields: 'ip.src,port.dst,host.http' });
    const lines = r.body.toString().trim().split('\r\n');
    assert.equal(lines[0], 'ip.src,port.dst,host.http');
    assert.equal(lines.length - 1, all.filter((d) => d['port.dst'] === 80).length);
    assert.match(lines[1], /^192\.168\.10\.\d+,80,[a-z.]+$/);
  });

  test('pcap and pcapng exports: tshark reads exactly the recorded packets, in time order', { skip: !haveTshark() && 'tshark absent' }, async () => {
    const expression = 'port.dst == [53,80] || ip.src == 10.77.0.2';
    const chosen = (await api.get('/api/sessions', { ...ALL, expression, length: 10000, fields: 'packets' })).json.data;
    const want = chosen.reduce((a: number, d: Doc) => a + d.packets, 0);
    assert.ok(chosen.length > 20);
    for (const format of ['pcap', 'pcapng']) {
      const r = await api.get(`/api/sessions.${format}`, { ...ALL, expression });
      assert.equal(r.status, 200);
      const f = join(scratch.dir, `all.${format}`);
      writeFileSync(f, r.body);
      const times = execFileSync('tshark', ['-n', '-r', f, '-T', 'fields', '-e', 'frame.time_epoch']).toString().trim().split('\n').map(Number);
      assert.equal(times.length, want, format);
      for (let i = 1; i < times.length; i++) assert.ok(times[i] >= times[i - 1], `${format}: packet ${i + 1} is earlier than packet ${i}`);
    }
  });

  test('files, fields, stats, OpenAPI and deep links', async () => {
    const files = (await api.get('/api/files')).json.data;
    assert.deepEqual(files.map((f: { path: string }) => f.path.split('/').pop()), ['sample.pcap', 'gzip.pcap']);
    const fields = (await api.get('/api/fields')).json;
    assert.ok(fields.some((f: { exp: string; type: string }) => f.exp === 'ip.src' && f.type === 'ip'));
    assert.ok(!fields.some((f: { exp: string }) => f.exp === 'packetPos'));
    const stats = (await api.get('/api/stats')).json.data;
    const row = stats.find((s: { nodeName: string }) => s.nodeName === 'test');
    assert.equal(row.totalSessions, all.length);
    assert.equal(row.totalPackets, 462 + 10);
    assert.ok(row.freeSpaceM > 0 && row.memory > 0);
    const doc = (await api.get('/api/openapi.json')).json;
    assert.equal(doc.openapi, '3.1.0');
    for (const p of ['/api/sessions', '/api/session/{node}/{id}/packets', '/api/spiview', '/api/spigraph', '/api/connections', '/api/unique', '/api/sessions.csv', '/api/sessions.pcap', '/api/sessions.pcapng', '/api/session/{node}/{id}.pcap', '/api/files', '/api/fields', '/api/stats', '/api/shortcuts', '/api/shortcut/{id}', '/api/sessions/addtags']) assert.ok(doc.paths[p], p);
    assert.ok(doc.paths['/api/sessions'].get.parameters.some((x: { name: string }) => x.name === 'bounding'));
    const link = await api.get('/sessions', { expression: 'ip.src == 10.0.0.1', startTime: 1, stopTime: 2, date: -1, bounding: 'both' });
    assert.equal(link.status, 200);
    assert.match(link.body.toString(), /href="\/api\/sessions\?expression=ip\.src\+%3D%3D\+10\.0\.0\.1&#38;startTime=1&#38;stopTime=2&#38;date=-1&#38;bounding=both"/);
  });

  test('shortcuts: created, used as $name, updated, deleted; tags added and removed', async () => {
    const servers = ['203.0.113.20', '203.0.113.21'];
    const made = await api.send('POST', '/api/shortcut', { name: 'servers', type: 'ip', value: servers.join('\n') });
    assert.equal(made.status, 200);
    assert.equal((await api.send('POST', '/api/shortcut', { name: 'servers', type: 'ip', value: '1.2.3.4' })).status, 409);
    assert.equal((await api.send('POST', '/api/shortcut', { name: 'bad', type: 'ip', value: 'not-an-ip' })).status, 400);
    const n = async () => (await api.get('/api/sessions', { ...ALL, length: 0, expression: 'ip.dst == $servers' })).json.recordsFiltered;
    assert.equal(await n(), all.filter((d) => servers.includes(String(d['ip.dst']))).length);
    assert.equal((await api.send('PUT', `/api/shortcut/${made.json.id}`, { name: 'servers', type: 'ip', value: ['203.0.113.22'] })).status, 200);
    assert.equal(await n(), all.filter((d) => d['ip.dst'] === '203.0.113.22').length);
    assert.equal((await api.send('PUT', `/api/shortcut/${made.json.id}`, { name: 'servers', type: 'ip', value: ['1.1.1.1'] }, basic('vera', 'vera-pw'))).status, 403, 'only its creator or an admin');
    assert.equal((await api.get('/api/shortcuts')).json.data.length, 1);
    assert.equal((await api.send('DELETE', `/api/shortcut/${made.json.id}`, {})).status, 200);
    assert.equal((await api.get('/api/sessions', { ...ALL, expression: 'ip.dst == $servers' })).status, 400);

    const dns = all.filter((d) => d['port.dst'] === 53).length;
    const add = await api.send('POST', '/api/sessions/addtags', { date: -1, expression: 'port.dst == 53', tags: 'lookups,reviewed' });
    assert.equal(add.json.sessions, dns);
    const tagged = async (t: string) => (await api.get('/api/sessions', { ...ALL, length: 0, expression: `tags == ${t}` })).json.recordsFiltered;
    assert.equal(await tagged('lookups'), dns);
    await api.send('POST', '/api/sessions/addtags', { date: -1, expression: 'port.dst == 53', tags: 'lookups' });
    const detail = (await api.get(`/api/session/test/${all.find((d) => d['port.dst'] === 53)!.id}/detail`)).json;
    assert.deepEqual([...detail.tags].sort(), ['lookups', 'reviewed'], 'adding twice keeps one');
    await api.send('POST', '/api/sessions/removetags', { date: -1, expression: 'port.dst == 53', tags: 'lookups' });
    assert.equal(await tagged('lookups'), 0);
    assert.equal(await tagged('reviewed'), dns);
  });

  test('every request is attributed to its user in the history', async () => {
    await api.get('/api/sessions', { ...ALL, expression: 'port.dst == 4242' }, basic('vera', 'vera-pw'));
    const h = (await api.get('/api/histories')).json.data;
    const mine = h.find((e: { userId: string; expression: string }) => e.userId === 'vera' && e.expression === 'port.dst == 4242');
    assert.ok(mine, 'vera\'s search is in the history');
    assert.equal(mine.route, 'GET /api/sessions');
    assert.equal(mine.records, 0);
  });
});

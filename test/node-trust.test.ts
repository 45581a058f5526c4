// Viewer-to-node trust over real HTTP: a node API answers only requests a viewer signed, for this
// node, within ±2 minutes, once; and a signature for one user cannot be reused as another.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { importFiles } from '../src/ingest/importer.js';
import { writeSample } from '../src/sample/generate.js';
import { createNodeApi } from '../src/node-api/server.js';
import { HEADERS, NodeKeys, signedHeaders } from '../src/node-api/signing.js';
import { LocalPacketSource } from '../src/pcap/packet-source.js';
import { DEFAULT_SESSION_CONFIG } from '../src/session/timeouts.js';
import { withStore } from './helpers/ingest.js';
import { weir } from './helpers/cli.js';
import { FleetPacketSource } from '../src/node-api/fleet-source.js';
import type { NodeInfo } from '../src/store/store.js';
import { readFileSync } from 'node:fs';
import https from 'node:https';

const SECRET = 'node-trust-test-secret-0123456789abcdefgh';

test('node API: unsigned, expired, replayed, tampered, wrong-node and other-user requests are refused', async () => {
  await withStore(async (store, dir) => {
    const pcap = join(dir, 's.pcap');
    writeSample(pcap);
    await importFiles(store, [pcap], { node: 'n1', config: DEFAULT_SESSION_CONFIG, workers: 1 });
    const logs: string[] = [];
    const source = new LocalPacketSource();
    const server = createNodeApi({ node: 'n1', store, source, keys: NodeKeys.shared(SECRET), log: (l) => logs.push(l) });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const key = Buffer.from(SECRET);
    const get = (path: string, headers: Record<string, string> = {}) => fetch(`${base}${path}`, { headers }).then(async (r) => ({ status: r.status, body: await r.text() }));
    try {
      const file = (await store.listFiles())[0];
      const path = `/node/packets?file=${file.id}&pos=24`;

      const ok = await get(path, signedHeaders('GET', path, 'alice', 'n1', key));
      assert.equal(ok.status, 200, ok.body);
      assert.ok(ok.body.length > 32, 'a packet came back');
      assert.ok(logs.some((l) => l.includes('alice GET /node/packets')), 'requests are logged with their user');

      for (const route of ['/node/health', '/node/files', path, '/node/session.pcap?id=x']) {
        const r = await get(route);
        assert.equal(r.status, 401, `${route} unsigned`);
        assert.match(r.body, /unsigned request/);
      }

      const expired = signedHeaders('GET', path, 'alice', 'n1', key, Date.now() - 3 * 60_000);
      assert.equal((await get(path, expired)).status, 401, 'expired');
      const future = signedHeaders('GET', path, 'alice', 'n1', key, Date.now() + 3 * 60_000);
      assert.equal((await get(path, future)).status, 401, 'from the future');

      const once = signedHeaders('GET', path, 'alice', 'n1', key);
      assert.equal((await get(path, once)).status, 200);
      const replay = await get(path, once);
      assert.equal(replay.status, 401, 'replayed');
      assert.match(replay.body, /replayed/);

      const tampered = signedHeaders('GET', path, 'alice', 'n1', key);
      assert.equal((await get(`/node/packets?file=${file.id}&pos=100`, tampered)).status, 401, 'other query, same signature');
      const otherPath = signedHeaders('GET', path, 'alice', 'n1', key);
      assert.equal((await get('/node/files', otherPath)).status, 401, 'other path, same signature');

      const wrongNode = await get('/node/health', signedHeaders('GET', '/node/health', 'alice', 'n2', key));
      assert.equal(wrongNode.status, 403, 'signed for another node');
      assert.match(wrongNode.body, /signed for node n2/);

      const asAlice = signedHeaders('GET', path, 'alice', 'n1', key);
      assert.equal((await get(path, { ...asAlice, [HEADERS.user]: 'admin' })).status, 401, 'alice\'s signature used as admin');

      const otherKey = signedHeaders('GET', path, 'alice', 'n1', Buffer.from('another-secret-that-is-long-enough-0123456'));
      assert.equal((await get(path, otherKey)).status, 401, 'signed with another key');

      const foreign = await get('/node/session.pcap?id=nope', signedHeaders('GET', '/node/session.pcap?id=nope', 'alice', 'n1', key));
      assert.equal(foreign.status, 404);
      assert.doesNotMatch(foreign.body, /at .*\.js/, 'no stack trace');
    } finally {
      await new Promise<void>((r) => server.close(() => r()));
      await source.close();
    }
  });
});

test('node keys: short secrets are refused', () => {
  assert.throws(() => NodeKeys.shared('short'), /too short/);
});

test('mutual TLS: a node API with the project CA serves viewers holding its certificates, and no one else', { timeout: 120_000 }, async () => {
  await withStore(async (store, dir) => {
    const pcap = join(dir, 's.pcap');
    writeSample(pcap);
    await importFiles(store, [pcap], { node: 'n1', config: DEFAULT_SESSION_CONFIG, workers: 1 });
    const ca = join(dir, 'ca'), other = join(dir, 'other-ca');
    for (const args of [['cert', 'ca', '--dir', ca], ['cert', 'issue', 'n1', '--dir', ca, '--host', '127.0.0.1'], ['cert', 'issue', 'viewer', '--dir', ca],
      ['cert', 'ca', '--dir', other], ['cert', 'issue', 'intruder', '--dir', other]]) {
      const r = weir(args);
      assert.equal(r.status, 0, r.stderr);
    }
    const read = (name: string, d = ca) => ({ cert: readFileSync(join(d, `${name}.crt`)), key: readFileSync(join(d, `${name}.key`)) });
    const caCert = readFileSync(join(ca, 'ca.crt'));
    const source = new LocalPacketSource();
    const server = createNodeApi({ node: 'n1', store, source, keys: NodeKeys.shared(SECRET), tls: { ...read('n1'), ca: caCert } });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    const url = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const node: NodeInfo = { name: 'n1', url, version: 'x', startedAt: 0, lastSeen: 0, spoolBytes: 0 };
    const file = (await store.listFiles())[0];
    const first = async (src: FleetPacketSource) => {
      for await (const p of src.read(file, [24])) return p;
      return null;
    };
    try {
      const viewer = new FleetPacketSource({ keys: NodeKeys.shared(SECRET), nodes: async () => [node], tls: { ...read('viewer'), ca: caCert } });
      const p = await first(viewer);
      assert.ok(p && p.data.length > 0, 'a viewer with a CA certificate gets packets');
      // Without a client certificate the handshake fails, even for a correctly signed request.
      const path = '/node/health';
      const noCert = new Promise<number>((resolve, reject) => {
        https.get(`${url}${path}`, { ca: caCert, headers: signedHeaders('GET', path, 'alice', 'n1', Buffer.from(SECRET)) }, (res) => resolve(res.statusCode ?? 0)).on('error', reject);
      });
      await assert.rejects(noCert, /certificate|socket hang up|ECONNRESET/i, 'no client certificate');
      const intruder = new FleetPacketSource({ keys: NodeKeys.shared(SECRET), nodes: async () => [node], tls: { ...read('intruder', other), ca: caCert } });
      await assert.rejects(first(intruder), /node n1 is unavailable/, 'a certificate of another CA');
    } finally {
      await new Promise<void>((r) => server.close(() => r()));
      await source.close();
    }
  });
});

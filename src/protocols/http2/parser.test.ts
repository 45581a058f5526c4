import { test } from 'node:test';
import assert from 'node:assert/strict';
import http2 from 'node:http2';
import net from 'node:net';
import { once } from 'node:events';
import { parseChunks, collectingSink } from '../testing.js';
import { Http2Parser } from './parser.js';
import { HttpParser } from '../http/parser.js';
import { http2 as http2Def } from './register.js';

/**
 * Real HTTP/2 from Node's nghttp2 (an encoder nobody here wrote: Huffman strings, dynamic table,
 * SETTINGS, DATA) through a recording TCP relay; the bytes of each direction come back in the order
 * they were relayed, as a capture would give them.
 */
async function recordH2c(requests: { path: string; headers: Record<string, string> }[]): Promise<[number, Buffer][]> {
  const server = http2.createServer();
  server.on('stream', (stream, headers) => {
    stream.respond({ ':status': headers[':path'] === '/missing' ? 404 : 200, 'content-type': 'text/plain', server: 'weir-test' });
    stream.end('x'.repeat(5000));
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const chunks: [number, Buffer][] = [];
  const relay = net.createServer((c) => {
    const s = net.connect((server.address() as net.AddressInfo).port, '127.0.0.1');
    c.on('data', (b) => { chunks.push([0, Buffer.from(b)]); s.write(b); });
    s.on('data', (b) => { chunks.push([1, Buffer.from(b)]); c.write(b); });
    c.on('close', () => s.destroy());
    s.on('close', () => c.destroy());
  });
  relay.listen(0, '127.0.0.1');
  await once(relay, 'listening');
  const client = http2.connect(`http://127.0.0.1:${(relay.address() as net.AddressInfo).port}`);
  for (const r of requests) {
    const req = client.request({ ':path': r.path, ...r.headers });
    req.resume();
    await once(req, 'end');
  }
  client.close();
  await once(client, 'close');
  relay.close();
  server.close();
  return chunks;
}

test('h2c with prior knowledge from Node http2: methods, authority, paths, status codes, headers', async () => {
  const chunks = await recordH2c([
    { path: '/index.html?q=1&lang=en', headers: { 'user-agent': 'weir-h2-test/1.0', cookie: 'sid=abc' } },
    { path: '/missing', headers: { 'user-agent': 'weir-h2-test/1.0' } },
  ]);
  assert.ok(http2Def.signature!(chunks[0][1], 0, chunks[0][1].length), 'the preface is recognised');
  const out = parseChunks(new Http2Parser(), chunks);
  assert.deepEqual(out['http.method'], ['GET']);
  assert.deepEqual(out['http.uri.path'], ['/index.html', '/missing']);
  assert.ok(out['host.http']?.[0]?.toString().startsWith('127.0.0.1'));
  assert.deepEqual(out['http.user-agent'], ['weir-h2-test/1.0']);
  assert.deepEqual(out['http.statuscode'], [200, 404]);
  assert.deepEqual(out['http.uri.key'], ['q', 'lang']);
  assert.deepEqual(out['http.cookie.key'], ['sid']);
  assert.ok(out['http.hasheader.dst']?.includes('server'));
  assert.deepEqual(out['http.version.src'], ['2']);
});

test('h2c upgrade: the HTTP/1.1 parser hands the connection to HTTP/2 after the 101', () => {
  const enc = (s: string) => Buffer.from(s, 'latin1');
  // A response HEADERS frame for stream 1: ":status: 200" is static index 8 (0x88).
  const frame = (type: number, flags: number, stream: number, payload: Buffer) => {
    const h = Buffer.alloc(9);
    h.writeUIntBE(payload.length, 0, 3);
    h[3] = type;
    h[4] = flags;
    h.writeUInt32BE(stream, 5);
    return Buffer.concat([h, payload]);
  };
  const settings = frame(4, 0, 0, Buffer.alloc(0));
  const sink = collectingSink();
  const p = new HttpParser();
  const upgrade = enc('GET / HTTP/1.1\r\nHost: up.example\r\nUpgrade: h2c\r\nHTTP2-Settings: AAMAAABkAAQAAP__\r\nConnection: Upgrade, HTTP2-Settings\r\n\r\n');
  p.feed(0, upgrade, 0, upgrade.length, sink);
  const server = Buffer.concat([enc('HTTP/1.1 101 Switching Protocols\r\nConnection: Upgrade\r\nUpgrade: h2c\r\n\r\n'), settings, frame(1, 4, 1, Buffer.from([0x88]))]);
  p.feed(1, server, 0, server.length, sink);
  // The client's preface, then a second request on stream 3: :method POST (0x83), :path / (0x84), :authority up.example (0x41 + literal).
  const req = Buffer.concat([enc('PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n'), settings, frame(1, 5, 3, Buffer.concat([Buffer.from([0x83, 0x84, 0x41, 10]), enc('up.example')]))]);
  p.feed(0, req, 0, req.length, sink);
  assert.deepEqual(sink.out.protocols, ['http2']);
  assert.deepEqual(sink.out['http.method'], ['GET', 'POST']);
  assert.deepEqual(sink.out['http.statuscode'], [101, 200]);
  assert.deepEqual(sink.out['http.version.dst'], ['1.1', '2']);
});

test('the HTTP/2 parser survives truncations and random bytes without throwing', () => {
  const base = Buffer.concat([Buffer.from('PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n', 'latin1'), Buffer.from('000005010500000001828684be58', 'hex')]);
  for (let i = 0; i < 2000; i++) {
    const b = Buffer.from(base);
    for (let k = 0; k < 3; k++) b[24 + Math.floor(Math.random() * (b.length - 24))] = Math.floor(Math.random() * 256);
    const p = new Http2Parser();
    const cut = Math.floor(Math.random() * b.length);
    p.feed(0, b, 0, cut, collectingSink());
    p.feed(0, b, cut, b.length - cut, collectingSink());
  }
});

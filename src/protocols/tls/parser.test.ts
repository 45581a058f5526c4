import { test } from 'node:test';
import { collectingSink } from '../testing.js';
import assert from 'node:assert/strict';
import { TlsParser } from './parser.js';

/** A minimal ClientHello: TLS 1.2, GREASE + two ciphers, SNI, supported groups with GREASE, point formats. */
function clientHello(): Buffer {
  const sni = Buffer.from('example.org');
  const ext = (type: number, data: Buffer) => Buffer.concat([Buffer.from([type >> 8, type & 0xff, data.length >> 8, data.length & 0xff]), data]);
  const sniData = Buffer.concat([Buffer.from([0, sni.length + 3, 0, 0, sni.length]), sni]);
  const exts = Buffer.concat([ext(0x0a0a, Buffer.alloc(0)), ext(0, sniData), ext(10, Buffer.from([0, 4, 0x1a, 0x1a, 0, 29])), ext(11, Buffer.from([1, 0]))]);
  const body = Buffer.concat([
    Buffer.from([3, 3]), Buffer.alloc(32), Buffer.from([0]),
    Buffer.from([0, 6, 0x2a, 0x2a, 0xc0, 0x2f, 0x00, 0x9c]), Buffer.from([1, 0]),
    Buffer.from([exts.length >> 8, exts.length & 0xff]), exts,
  ]);
  const hs = Buffer.concat([Buffer.from([1, 0, body.length >> 8, body.length & 0xff]), body]);
  return Buffer.concat([Buffer.from([0x16, 3, 1, hs.length >> 8, hs.length & 0xff]), hs]);
}

function collect(parts: Buffer[]): Record<string, (string | number)[]> {
  const out: Record<string, (string | number)[]> = {};
  const sink = collectingSink(out);
  const p = new TlsParser();
  for (const b of parts) p.feed(0, b, 0, b.length, sink);
  return out;
}

test('ClientHello split across segments: SNI into host.http, JA3 without GREASE values', () => {
  const ch = clientHello();
  const f = collect([ch.subarray(0, 7), ch.subarray(7, 40), ch.subarray(40)]);
  assert.deepEqual(f['tls.sni'], ['example.org']);
  assert.deepEqual(f['host.http'], ['example.org']);
  assert.deepEqual(f['tls.ja3string'], ['771,49199-156,0-10-11,29,0']);
  assert.match(String(f['tls.ja3']), /^[0-9a-f]{32}$/);
});

test('the TLS parser survives truncations and random mutations without throwing', () => {
  const ch = clientHello();
  for (let n = 0; n <= ch.length; n++) collect([ch.subarray(0, n)]);
  let seed = 3;
  const rnd = (m: number) => ((seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0) % m);
  for (let i = 0; i < 20000; i++) {
    const m = Buffer.from(ch);
    for (let k = 0; k < 1 + rnd(4); k++) m[rnd(m.length)] = rnd(256);
    collect([m.subarray(0, rnd(m.length + 1))]);
  }
});

test('sessions parsed in turn keep their own pending bytes (a session between records holds nothing)', () => {
  const ch = clientHello();
  const outA: Record<string, (string | number)[]> = {};
  const outB: Record<string, (string | number)[]> = {};
  const a = new TlsParser();
  const b = new TlsParser();
  a.feed(0, ch, 0, 7, collectingSink(outA)); // A holds part of a record
  b.feed(0, ch, 0, ch.length, collectingSink(outB)); // B, whole in one chunk, is read in place
  b.feed(1, ch, 0, 3, collectingSink(outB)); // B's other direction holds three bytes
  a.feed(0, ch, 7, ch.length - 7, collectingSink(outA));
  assert.deepEqual(outA['tls.sni'], ['example.org']);
  assert.deepEqual(outB['tls.sni'], ['example.org']);
  assert.deepEqual(outA['tls.ja3string'], outB['tls.ja3string']);
  assert.equal(outA['tls.sni'].length, 1, 'A saw its ClientHello once');
});

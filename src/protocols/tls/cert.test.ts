import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { collectingSink } from '../testing.js';
import { parseCertificate } from './cert.js';

// A small DER builder: enough X.509 to exercise every field the parser reads.
const der = (tag: number, ...parts: Buffer[]): Buffer => {
  const body = Buffer.concat(parts);
  const len = body.length < 128 ? Buffer.from([body.length]) : Buffer.from([0x82, body.length >> 8, body.length & 0xff]);
  return Buffer.concat([Buffer.from([tag]), len, body]);
};
const seq = (...p: Buffer[]) => der(0x30, ...p);
const oid = (dotted: string): Buffer => {
  const [a, b, ...rest] = dotted.split('.').map(Number);
  const bytes = [40 * a + b];
  for (const n of rest) {
    const enc = [n & 0x7f];
    for (let v = n >>> 7; v; v >>>= 7) enc.unshift(0x80 | (v & 0x7f));
    bytes.push(...enc);
  }
  return der(0x06, Buffer.from(bytes));
};
const name = (cn: string, on: string) => seq(der(0x31, seq(oid('2.5.4.3'), der(0x0c, Buffer.from(cn)))), der(0x31, seq(oid('2.5.4.10'), der(0x13, Buffer.from(on)))));

function certificate(serial: number[], subject: string): Buffer {
  const san = seq(der(0x82, Buffer.from('WWW.Example.ORG')), der(0x82, Buffer.from('example.org')));
  const tbs = seq(
    der(0xa0, der(0x02, Buffer.from([2]))),
    der(0x02, Buffer.from(serial)),
    seq(oid('1.2.840.10045.4.3.2')),
    name('Test CA', 'Weir Tests'),
    seq(der(0x17, Buffer.from('240101000000Z')), der(0x17, Buffer.from('250101000000Z'))),
    name(subject, 'Example Org'),
    seq(seq(oid('1.2.840.10045.2.1'), oid('1.2.840.10045.3.1.7')), der(0x03, Buffer.from([0, 4, 1, 2]))),
    der(0xa3, seq(seq(oid('2.5.29.17'), der(0x04, san)))),
  );
  return seq(tbs, seq(oid('1.2.840.10045.4.3.2')), der(0x03, Buffer.from([0, 1])));
}

function parse(d: Buffer, startSec: number) {
  const sink = { ...collectingSink(), startSec };
  parseCertificate(d, startSec, sink);
  return sink.out;
}

test('an X.509 certificate: names, serial, validity, key, curve, SANs, SHA-1', () => {
  const d = certificate([0x00, 0x9a, 0x01], 'WWW.Example.org');
  const start = Date.UTC(2024, 5, 1) / 1000;
  const out = parse(d, start);
  const notAfter = Date.UTC(2025, 0, 1);
  assert.deepEqual(out['cert.issuer.cn'], ['test ca']);
  assert.deepEqual(out['cert.issuer.on'], ['Weir Tests']);
  assert.deepEqual(out['cert.subject.cn'], ['www.example.org']);
  assert.deepEqual(out['cert.subject.on'], ['Example Org']);
  assert.deepEqual(out['cert.serial'], ['009a01']);
  assert.deepEqual(out['cert.notbefore'], [Date.UTC(2024, 0, 1)]);
  assert.deepEqual(out['cert.notafter'], [notAfter]);
  assert.deepEqual(out['cert.validfor'], [366]);
  assert.deepEqual(out['cert.remainingSeconds'], [notAfter / 1000 - start]);
  assert.deepEqual(out['cert.publicAlgorithm'], ['id-ecPublicKey']);
  assert.deepEqual(out['cert.curve'], ['prime256v1']);
  assert.deepEqual(out['cert.alt'], ['www.example.org', 'example.org']);
  const sha1 = createHash('sha1').update(d).digest('hex').match(/../g)!.join(':');
  assert.deepEqual(out['cert.hash'], [sha1]);
});

test('a certificate seen again (served from the cache) gives the same fields, dated by its own session', () => {
  const d = certificate([0x11, 0x22], 'cached.example');
  const first = parse(d, 1_710_000_000);
  const again = parse(d, 1_710_086_400);
  const { 'cert.remainingSeconds': r1, 'cert.remainingDays': d1, ...rest1 } = first;
  const { 'cert.remainingSeconds': r2, 'cert.remainingDays': d2, ...rest2 } = again;
  assert.deepEqual(rest2, rest1);
  assert.equal(Number(r1[0]) - Number(r2[0]), 86_400);
  assert.equal(Number(d1[0]) - Number(d2[0]), 1);
  // A different certificate is not confused with the cached one.
  assert.deepEqual(parse(certificate([0x11, 0x23], 'other.example'), 1_710_000_000)['cert.subject.cn'], ['other.example']);
});

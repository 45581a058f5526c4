import { test } from 'node:test';
import { collectingSink } from '../testing.js';
import assert from 'node:assert/strict';
import { parseDnsMessage, readName } from './parser.js';

function collect(msg: Buffer): Record<string, (string | number)[]> {
  const out: Record<string, (string | number)[]> = {};
  const sink = collectingSink(out);
  parseDnsMessage(msg, 0, msg.length, sink);
  return out;
}

// A response for example.com A with a compressed answer name and an MX with a compressed target.
const response = Buffer.from(
  '1234' + '8180' + '0001' + '0002' + '0000' + '0000' +
  '076578616d706c6503636f6d00' + '0001' + '0001' +
  'c00c' + '0001' + '0001' + '00000e10' + '0004' + '5db8d822' +
  'c00c' + '000f' + '0001' + '00000e10' + '0009' + '000a' + '046d61696cc00c',
  'hex',
);

test('DNS response: header, question, A and MX answers with compression', () => {
  const f = collect(response);
  assert.deepEqual(f['dns.query.host'], ['example.com']);
  assert.deepEqual(f['dns.query.type'], ['A']);
  assert.deepEqual(f['dns.query.class'], ['IN']);
  assert.deepEqual(f['dns.status'], ['NOERROR']);
  assert.deepEqual(f['dns.opcode'], ['QUERY']);
  assert.deepEqual(f['dns.header_flags'], ['RD', 'RA']);
  assert.deepEqual(f['dns.answer.ip'], ['93.184.216.34']);
  assert.deepEqual(f['host.dns.mailserver'], ['mail.example.com']);
  assert.deepEqual(f['dns.answer.ttl'], [3600]);
});

test('DNS names: a pointer loop or a name past 255 bytes is rejected, not followed forever', () => {
  const loop = Buffer.from('c000', 'hex');
  assert.equal(readName(loop, 0, 0, loop.length), null);
  const long = Buffer.concat([...Array(5)].map(() => Buffer.concat([Buffer.from([63]), Buffer.alloc(63, 0x61)])));
  assert.equal(readName(Buffer.concat([long, Buffer.from([0])]), 0, 0, long.length + 1), null);
});

test('DNS parser survives truncations and 20,000 random byte mutations without throwing', () => {
  for (let n = 0; n <= response.length; n++) collect(response.subarray(0, n));
  let seed = 7;
  const rnd = (m: number) => ((seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0) % m);
  for (let i = 0; i < 20000; i++) {
    const m = Buffer.from(response);
    for (let k = 0; k < 1 + rnd(4); k++) m[rnd(m.length)] = rnd(256);
    collect(m.subarray(0, rnd(m.length + 1)));
  }
});

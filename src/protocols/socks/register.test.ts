// SOCKS 4a and 5 handshakes on raw bytes, ending in a handoff to the tunnelled protocol.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseChunks } from '../testing.js';
import { socks } from './register.js';

test('SOCKS 4a: user and host name, granted', () => {
  const req = Buffer.concat([Buffer.from([4, 1, 0, 80, 0, 0, 0, 1]), Buffer.from('bob\0www.example.com\0')]);
  assert.ok(socks.signature!(req, 0, req.length));
  const f = parseChunks(socks.create(), [[0, req], [1, Buffer.from([0, 0x5a, 0, 0, 0, 0, 0, 0])]]);
  assert.deepEqual(f['host.socks'], ['www.example.com']);
  assert.deepEqual(f['port.socks'], [80]);
  assert.deepEqual(f['socks.user'], ['bob']);
  assert.deepEqual(f.handoff, [1]);
});

test('SOCKS 5: pipelined greeting and request with an IPv4 address; refusal means no handoff', () => {
  const req = Buffer.from([5, 1, 0, 5, 1, 0, 1, 93, 184, 216, 119, 1, 187]);
  assert.ok(socks.signature!(req, 0, req.length));
  const f = parseChunks(socks.create(), [[0, req], [1, Buffer.from([5, 0, 5, 0, 0, 1, 10, 0, 0, 1, 0, 80])]]);
  assert.deepEqual(f['ip.socks'], ['93.184.216.119']);
  assert.deepEqual(f['port.socks'], [443]);
  assert.deepEqual(f.handoff, [1]);
  const refused = parseChunks(socks.create(), [[0, Buffer.from([5, 1, 0])], [1, Buffer.from([5, 0])], [0, Buffer.from([5, 1, 0, 3, 1, 0x61, 0, 80])], [1, Buffer.from([5, 5, 0, 1, 0, 0, 0, 0, 0, 0])]]);
  assert.deepEqual(refused['host.socks'], ['a']);
  assert.equal(refused.handoff, undefined);
});

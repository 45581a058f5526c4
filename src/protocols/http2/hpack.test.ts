import { test } from 'node:test';
import assert from 'node:assert/strict';
import { HpackDecoder } from './hpack.js';
import { huffmanDecode } from './hpack-tables.js';

const hex = (s: string) => Buffer.from(s.replace(/\s+/g, ''), 'hex');

// RFC 7541 Appendix C.3 (plain literals) and C.4 (the same requests, Huffman-coded): three requests
// on one connection, so the second and third use entries the first put in the dynamic table.
const REQUESTS = [
  [[':method', 'GET'], [':scheme', 'http'], [':path', '/'], [':authority', 'www.example.com']],
  [[':method', 'GET'], [':scheme', 'http'], [':path', '/'], [':authority', 'www.example.com'], ['cache-control', 'no-cache']],
  [[':method', 'GET'], [':scheme', 'https'], [':path', '/index.html'], [':authority', 'www.example.com'], ['custom-key', 'custom-value']],
];

test('RFC 7541 C.3: requests without Huffman coding, dynamic table carried between blocks', () => {
  const d = new HpackDecoder();
  assert.deepEqual(d.decode(hex('828684410f7777772e6578616d706c652e636f6d')), REQUESTS[0]);
  assert.deepEqual(d.decode(hex('828684be58086e6f2d6361636865')), REQUESTS[1]);
  assert.deepEqual(d.decode(hex('828785bf400a637573746f6d2d6b65790c637573746f6d2d76616c7565')), REQUESTS[2]);
});

test('RFC 7541 C.4: the same requests with Huffman-coded strings', () => {
  const d = new HpackDecoder();
  assert.deepEqual(d.decode(hex('828684418cf1e3c2e5f23a6ba0ab90f4ff')), REQUESTS[0]);
  assert.deepEqual(d.decode(hex('828684be5886a8eb10649cbf')), REQUESTS[1]);
  assert.deepEqual(d.decode(hex('828785bf408825a849e95ba97d7f8925a849e95bb8e8b4bf')), REQUESTS[2]);
});

test('malformed blocks throw instead of guessing: bad index, truncation, bad padding', () => {
  assert.throws(() => new HpackDecoder().decode(hex('be')), /beyond the dynamic table/);
  assert.throws(() => new HpackDecoder().decode(hex('410f7777')), /string beyond the block/);
  assert.throws(() => huffmanDecode(hex('f1e3c2e5f23a6ba0ab90f400'), 0, 12), /padding/);
  assert.equal(huffmanDecode(hex('f1e3c2e5f23a6ba0ab90f4ff'), 0, 12), 'www.example.com');
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseChunks } from '../testing.js';
import { bittorrentTcp, bittorrentUdp } from './register.js';
import { bdecode } from './bencode.js';

const infoHash = Buffer.from('0123456789abcdef0123456789abcdef01234567', 'hex');

function handshake(peer: string): Buffer {
  return Buffer.concat([Buffer.from('\x13BitTorrent protocol', 'latin1'), Buffer.alloc(8), infoHash, Buffer.from(peer, 'latin1')]);
}

test('peer wire handshakes: info hash, peer ids and the clients they name, split across segments', () => {
  const a = handshake('-qB4250-abcdefghijkl');
  const b = handshake('M7-2-3--\x01\x02cdefghijkl');
  const out = parseChunks(bittorrentTcp.create(), [[0, a.subarray(0, 30)], [0, a.subarray(30)], [1, b]]);
  assert.deepEqual(out['bittorrent.infohash'], [infoHash.toString('hex')]);
  assert.deepEqual(out['bittorrent.peer-id'], ['-qB4250-abcdefghijkl', 'M7-2-3--%01%02cdefghijkl']);
  assert.deepEqual(out['bittorrent.client'], ['qB 4250']);
  assert.ok(bittorrentTcp.signature!(a, 0, a.length));
});

test('DHT: query method, node id and info hash from a get_peers query; a malformed datagram is ignored', () => {
  const id = Buffer.alloc(20, 0xab);
  const q = Buffer.concat([
    Buffer.from('d1:ad2:id20:'), id, Buffer.from('9:info_hash20:'), infoHash, Buffer.from('e1:q9:get_peers1:t2:aa1:y1:qe'),
  ]);
  assert.ok(bittorrentUdp.signature!(q, 0, q.length));
  const out = parseChunks(bittorrentUdp.create(), [[0, q], [1, Buffer.from('d1:rd2:id20:xe')]]);
  assert.deepEqual(out['bittorrent.dht-query'], ['get_peers']);
  assert.deepEqual(out['bittorrent.node-id'], [id.toString('hex')]);
  assert.deepEqual(out['bittorrent.infohash'], [infoHash.toString('hex')]);
});

test('bencode: nested values decode; truncated or over-deep input is refused', () => {
  const [v] = bdecode(Buffer.from('d3:numi-42e4:listl1:ai7eee'), 0, 27)!;
  assert.ok(v instanceof Map);
  assert.equal(v.get('num'), -42);
  assert.deepEqual((v.get('list') as unknown[]).map((x) => (Buffer.isBuffer(x) ? x.toString() : x)), ['a', 7]);
  assert.equal(bdecode(Buffer.from('d3:num'), 0, 6), null);
  const deep = Buffer.from('l'.repeat(20) + 'e'.repeat(20));
  assert.equal(bdecode(deep, 0, deep.length), null);
});

// SMB2 on raw bytes: negotiate response (dialect), tree connect (share) and create (file name),
// framed by NetBIOS session headers and split across chunks.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseChunks } from '../testing.js';
import { smb } from './register.js';

function smb2(cmd: number, response: boolean, body: Buffer): Buffer {
  const h = Buffer.alloc(64);
  Buffer.from([0xfe, 0x53, 0x4d, 0x42]).copy(h);
  h.writeUInt16LE(64, 4);
  h.writeUInt16LE(cmd, 12);
  h.writeUInt32LE(response ? 1 : 0, 16);
  const msg = Buffer.concat([h, body]);
  const nb = Buffer.alloc(4);
  nb.writeUInt32BE(msg.length);
  return Buffer.concat([nb, msg]);
}

test('SMB2 dialect, share and file name', () => {
  const neg = Buffer.alloc(64);
  neg.writeUInt16LE(65, 0);
  neg.writeUInt16LE(0x0311, 4);
  const share = Buffer.from('\\\\srv\\IPC$', 'utf16le');
  const tree = Buffer.alloc(8);
  tree.writeUInt16LE(9, 0);
  tree.writeUInt16LE(64 + 8, 4);
  tree.writeUInt16LE(share.length, 6);
  const name = Buffer.from('docs\\q3.xlsx', 'utf16le');
  const create = Buffer.alloc(56);
  create.writeUInt16LE(57, 0);
  create.writeUInt16LE(64 + 56, 44);
  create.writeUInt16LE(name.length, 46);
  const client = Buffer.concat([smb2(3, false, Buffer.concat([tree, share])), smb2(5, false, Buffer.concat([create, name]))]);
  const first = smb2(0, false, Buffer.alloc(36));
  assert.ok(smb.signature!(first, 0, first.length));
  const f = parseChunks(smb.create(), [[0, first], [1, smb2(0, true, neg)], [0, client.subarray(0, 50)], [0, client.subarray(50)]]);
  assert.deepEqual(f['smb.dialect'], ['SMB 3.1.1']);
  assert.deepEqual(f['smb.share'], ['\\\\srv\\IPC$']);
  assert.deepEqual(f['smb.fn'], ['docs\\q3.xlsx']);
});

// SSH on raw bytes: identification lines, KEXINIT name-lists (HASSH), and the host key.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { parseChunks } from '../testing.js';
import { SshParser } from './parser.js';

function packet(payload: Buffer): Buffer {
  const pad = 4;
  const b = Buffer.alloc(5 + payload.length + pad);
  b.writeUInt32BE(1 + payload.length + pad, 0);
  b[4] = pad;
  payload.copy(b, 5);
  return b;
}
function kexinit(lists: string[]): Buffer {
  const parts = [Buffer.from([20]), Buffer.alloc(16)];
  for (const l of lists) {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(l.length);
    parts.push(len, Buffer.from(l));
  }
  parts.push(Buffer.alloc(5));
  return packet(Buffer.concat(parts));
}
const lists = ['curve25519-sha256', 'ssh-ed25519', 'aes128-ctr', 'aes256-ctr', 'hmac-sha2-256', 'hmac-sha2-512', 'none', 'zlib', '', ''];
const md5 = (s: string) => createHash('md5').update(s).digest('hex');

test('versions, HASSH and HASSH-server, server host key', () => {
  const key = Buffer.from('host key blob');
  const reply = Buffer.alloc(5 + key.length);
  reply[0] = 31;
  reply.writeUInt32BE(key.length, 1);
  key.copy(reply, 5);
  const f = parseChunks(new SshParser(), [
    [0, Buffer.from('SSH-2.0-OpenSSH_9.0\r\n')], [1, Buffer.from('SSH-2.0-Srv_1\r\n')],
    [0, kexinit(lists)], [1, kexinit(lists)], [1, packet(reply)],
  ]);
  assert.deepEqual(f['ssh.ver'], ['ssh-2.0-openssh_9.0', 'ssh-2.0-srv_1']);
  assert.deepEqual(f['ssh.hassh'], [md5('curve25519-sha256;aes128-ctr;hmac-sha2-256;none')]);
  assert.deepEqual(f['ssh.hasshServer'], [md5('curve25519-sha256;aes256-ctr;hmac-sha2-512;zlib')]);
  assert.deepEqual(f['ssh.key'], [key.toString('base64')]);
});

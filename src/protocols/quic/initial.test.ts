// QUIC Initial keys against RFC 9001 Appendix A.1, and a client Initial built here, protected the
// way RFC 9001 section 5 says, decrypted back to its CRYPTO frame.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createCipheriv, createHmac } from 'node:crypto';
import { decryptInitial, expandLabel } from './initial.js';

const SALT_V1 = Buffer.from('38762cf7f55934b34d179ae6a4c80cadccbb7f0a', 'hex');
const DCID = Buffer.from('8394c8f03e515708', 'hex');

test('initial secrets and keys match RFC 9001 Appendix A.1', () => {
  const initial = createHmac('sha256', SALT_V1).update(DCID).digest();
  const client = expandLabel(initial, 'client in', 32);
  assert.equal(client.toString('hex'), 'c00cf151ca5be075ed0ebfb5c80323c42d6b7db67881289af4008f1f6c357aea');
  assert.equal(expandLabel(client, 'quic key', 16).toString('hex'), '1f369613dd76d5467730efcbe3b1a22d');
  assert.equal(expandLabel(client, 'quic iv', 12).toString('hex'), 'fa044b2f42a3fd3b46fb255c');
  assert.equal(expandLabel(client, 'quic hp', 16).toString('hex'), '9f50449e04a0e810283a1e9933adedd2');
});

test('a protected client Initial decrypts to its CRYPTO frame', () => {
  const initial = createHmac('sha256', SALT_V1).update(DCID).digest();
  const client = expandLabel(initial, 'client in', 32);
  const [key, iv, hp] = [expandLabel(client, 'quic key', 16), expandLabel(client, 'quic iv', 12), expandLabel(client, 'quic hp', 16)];
  const hello = Buffer.from('0100000a0303' + '00'.repeat(4), 'hex');
  const frames = Buffer.concat([Buffer.from([0x06, 0x00, hello.length]), hello, Buffer.alloc(1100)]); // CRYPTO + PADDING
  const pn = 2;
  const pnLen = 4;
  const length = pnLen + frames.length + 16;
  const header = Buffer.concat([Buffer.from([0xc3, 0, 0, 0, 1, DCID.length]), DCID, Buffer.from([0, 0]), Buffer.from([0x40 | (length >> 8), length & 0xff]), Buffer.from([0, 0, 0, pn])]);
  const nonce = Buffer.from(iv);
  nonce[11] ^= pn;
  const c = createCipheriv('aes-128-gcm', key, nonce);
  c.setAAD(header);
  const body = Buffer.concat([c.update(frames), c.final(), c.getAuthTag()]);
  const packet = Buffer.concat([header, body]);
  const pnOffset = header.length - pnLen;
  const mask = createCipheriv('aes-128-ecb', hp, null).update(packet.subarray(pnOffset + 4, pnOffset + 20));
  packet[0] ^= mask[0] & 0x0f;
  for (let i = 0; i < pnLen; i++) packet[pnOffset + i] ^= mask[1 + i];
  const got = decryptInitial(packet, 0, packet.length);
  assert.ok(got, 'decrypted');
  assert.equal(got.version, 1);
  assert.equal(got.size, packet.length);
  assert.deepEqual(got.crypto.map(([o, d]) => [o, d.toString('hex')]), [[0, hello.toString('hex')]]);
  packet[packet.length - 1] ^= 1; // a damaged tag is refused, not thrown
  assert.equal(decryptInitial(packet, 0, packet.length), null);
});

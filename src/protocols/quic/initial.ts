// QUIC (RFC 9001) client Initial packets: keys derived from the Destination Connection ID and the
// version's salt, header protection removed, payload decrypted, CRYPTO frames collected.
import { createCipheriv, createDecipheriv, createHmac } from 'node:crypto';

const SALTS: Record<number, Buffer> = {
  0x00000001: Buffer.from('38762cf7f55934b34d179ae6a4c80cadccbb7f0a', 'hex'),
  0x6b3343cf: Buffer.from('0dede3def700a6db819381be6e269dcbf9bd2ed9', 'hex'), // QUIC v2
  0xff00001d: Buffer.from('afbfec289993d24c9e9786f19c6111e04390a899', 'hex'), // draft-29
};
// Drafts 23-28 and Facebook's mvfst builds of them share one salt; drafts 30-32 share draft-29's.
for (let v = 0xff000017; v <= 0xff00001c; v++) SALTS[v] = Buffer.from('c3eef712c72ebb5a11a7d2432bb46365bef9f502', 'hex');
for (const v of [0xfaceb001, 0xfaceb002, 0xfaceb00e]) SALTS[v] = SALTS[0xff00001c];
for (let v = 0xff00001e; v <= 0xff000020; v++) SALTS[v] = SALTS[0xff00001d];
export const hasSalt = (version: number): boolean => SALTS[version] !== undefined;

const LABELS: Record<number, [string, string, string]> = { 0x6b3343cf: ['quicv2 key', 'quicv2 iv', 'quicv2 hp'] };

export function expandLabel(secret: Buffer, label: string, len: number): Buffer {
  const full = Buffer.from(`tls13 ${label}`, 'latin1');
  const info = Buffer.concat([Buffer.from([len >> 8, len & 0xff, full.length]), full, Buffer.from([0])]);
  // HKDF-Expand with SHA-256; every length used here fits in one block.
  return createHmac('sha256', secret).update(Buffer.concat([info, Buffer.from([1])])).digest().subarray(0, len);
}

export function readVarint(b: Buffer, p: number, end: number): [number, number] | null {
  if (p >= end) return null;
  const n = 1 << (b[p] >> 6);
  if (p + n > end) return null;
  let v = b[p] & 0x3f;
  for (let i = 1; i < n; i++) v = v * 256 + b[p + i];
  return [v, p + n];
}

export interface InitialPacket {
  version: number;
  /** CRYPTO frame fragments: [offset, data]. */
  crypto: [number, Buffer][];
  /** Bytes of this datagram the packet used (coalesced packets may follow). */
  size: number;
}

/** Decrypts a client Initial packet at b[o..end); null if it is not one or cannot be decrypted. */
export function decryptInitial(b: Buffer, o: number, end: number): InitialPacket | null {
  if (end - o < 7 || (b[o] & 0xc0) !== 0xc0) return null;
  const version = b.readUInt32BE(o + 1);
  const salt = SALTS[version];
  const v2 = version === 0x6b3343cf;
  if (!salt || ((b[o] >> 4) & 3) !== (v2 ? 1 : 0)) return null;
  let p = o + 5;
  const dcid = b.subarray(p + 1, p + 1 + b[p]);
  p += 1 + b[p];
  if (p >= end) return null;
  p += 1 + b[p]; // SCID
  const token = readVarint(b, p, end);
  if (!token) return null;
  const lenv = readVarint(b, token[1] + token[0], end);
  if (!lenv || lenv[1] + lenv[0] > end || lenv[0] < 20) return null;
  const pnOffset = lenv[1];
  const packetEnd = pnOffset + lenv[0];
  const [lk, li, lh] = LABELS[version] ?? ['quic key', 'quic iv', 'quic hp'];
  const initial = createHmac('sha256', salt).update(dcid).digest();
  const client = expandLabel(initial, 'client in', 32);
  const key = expandLabel(client, lk, 16);
  const iv = expandLabel(client, li, 12);
  const hp = expandLabel(client, lh, 16);
  const mask = createCipheriv('aes-128-ecb', hp, null).update(b.subarray(pnOffset + 4, pnOffset + 20));
  const first = b[o] ^ (mask[0] & 0x0f);
  const pnLen = (first & 3) + 1;
  const header = Buffer.from(b.subarray(o, pnOffset + pnLen));
  header[0] = first;
  let pn = 0;
  for (let i = 0; i < pnLen; i++) {
    header[pnOffset - o + i] ^= mask[1 + i];
    pn = pn * 256 + header[pnOffset - o + i];
  }
  const nonce = Buffer.from(iv);
  for (let i = 0; i < 4; i++) nonce[11 - i] ^= (pn >>> (8 * i)) & 0xff;
  const cipherEnd = packetEnd - 16;
  if (cipherEnd <= pnOffset + pnLen) return null;
  let plain: Buffer;
  try {
    const d = createDecipheriv('aes-128-gcm', key, nonce);
    d.setAAD(header);
    d.setAuthTag(b.subarray(cipherEnd, packetEnd));
    plain = Buffer.concat([d.update(b.subarray(pnOffset + pnLen, cipherEnd)), d.final()]);
  } catch {
    return null;
  }
  return { version, crypto: cryptoFrames(plain), size: packetEnd - o };
}

function cryptoFrames(f: Buffer): [number, Buffer][] {
  const out: [number, Buffer][] = [];
  for (let p = 0; p < f.length; ) {
    const type = f[p];
    if (type === 0x00 || type === 0x01) {
      p++; // PADDING, PING
    } else if (type === 0x06) {
      const off = readVarint(f, p + 1, f.length);
      const len = off && readVarint(f, off[1], f.length);
      if (!off || !len || len[1] + len[0] > f.length) break;
      out.push([off[0], f.subarray(len[1], len[1] + len[0])]);
      p = len[1] + len[0];
    } else if (type === 0x02 || type === 0x03) {
      // ACK: largest, delay, range count, first range, then ranges (and ECN counts for 0x03).
      let q: [number, number] | null = [0, p + 1];
      const fields: number[] = [];
      for (let i = 0; i < 4 && q; i++) {
        q = readVarint(f, q[1], f.length);
        if (q) fields.push(q[0]);
      }
      if (!q) break;
      for (let i = 0; i < 2 * fields[2] + (type === 0x03 ? 3 : 0) && q; i++) q = readVarint(f, q[1], f.length);
      if (!q) break;
      p = q[1];
    } else break;
  }
  return out;
}

// QUIC: IETF versions (client Initials decrypted to reach the TLS ClientHello: SNI, ALPN, JA3, JA4)
// and Google QUIC / Facebook's zero protocol (CHLO tags in clear: SNI, user agent).
import { defineField } from '../../fields/define.js';
import type { FieldSink, ProtocolDef, ProtocolParser } from '../types.js';
import { clientHello } from '../tls/hello.js';
import { decryptInitial, hasSalt } from './initial.js';
import { withAlso } from '../sink.js';
import { retain } from '../../session/retain.js';

const g = 'quic';
export const QUIC = {
  host: defineField('host.quic', 'quic_host', 'lotermfield', true, g, 'Server names requested over QUIC'),
  userAgent: defineField('quic.user-agent', 'quic_user_agent', 'termfield', true, g, 'User agents in Google QUIC hellos'),
  version: defineField('quic.version', 'quic_version', 'termfield', true, g, 'QUIC versions (Q0xx for Google QUIC, 1, 2, draft-NN)'),
};
const MAX_CRYPTO = 64 * 1024;
const CHLO = Buffer.from('CHLO', 'latin1');

/** Google QUIC's client hello: "CHLO", tag count, then (tag, end offset) pairs and the values. */
function chlo(b: Buffer, o: number, end: number, out: FieldSink): boolean {
  const at = b.subarray(o, end).indexOf(CHLO);
  if (at < 0) return false;
  const p = o + at;
  if (p + 8 > end) return false;
  const n = b.readUInt16LE(p + 4);
  const values = p + 8 + 8 * n;
  if (values > end) return false;
  for (let i = 0, prev = 0; i < n; i++) {
    const tag = b.toString('latin1', p + 8 + 8 * i, p + 12 + 8 * i);
    const stop = b.readUInt32LE(p + 12 + 8 * i);
    if (values + stop > end || stop < prev) break;
    const v = b.toString('latin1', values + prev, values + stop);
    if (tag === 'SNI\0') out.add(QUIC.host, v.toLowerCase());
    else if (tag === 'UAID') out.add(QUIC.userAgent, v);
    prev = stop;
  }
  return true;
}

const versionName = (v: number) => (v === 1 ? '1' : v === 0x6b3343cf ? '2' : (v >>> 8) === 0xff0000 ? `draft-${v & 0xff}` : v.toString(16));

class QuicParser implements ProtocolParser {
  private readonly crypto = new Map<number, Buffer>();
  private cryptoBytes = 0;
  private datagrams = 0;

  feed(dir: number, b: Buffer, o: number, len: number, out: FieldSink): boolean {
    if (++this.datagrams > 16) return false;
    const end = o + len;
    if (dir !== 0) return true;
    if (!(b[o] & 0x80)) {
      // Google QUIC public header: flags, 8-byte connection id, then the version when flagged.
      if (b[o] & 0x01 && len > 13 && b[o + 9] === 0x51) out.add(QUIC.version, b.toString('latin1', o + 9, o + 13));
      return !chlo(b, o, end, out);
    }
    for (let p = o; p < end; ) {
      const pkt = decryptInitial(b, p, end);
      if (!pkt) break;
      out.add(QUIC.version, versionName(pkt.version));
      for (const [off, data] of pkt.crypto) {
        if (this.cryptoBytes + data.length > MAX_CRYPTO || this.crypto.has(off)) continue;
        this.crypto.set(off, retain(data));
        this.cryptoBytes += data.length;
      }
      p += pkt.size;
    }
    return !this.hello(out);
  }

  /** Parses the ClientHello once the CRYPTO stream holds it from offset 0; true when done. */
  private hello(out: FieldSink): boolean {
    const parts: Buffer[] = [];
    let at = 0;
    for (let d = this.crypto.get(0); d; d = this.crypto.get(at)) {
      parts.push(d);
      at += d.length;
    }
    const stream = Buffer.concat(parts);
    if (stream.length < 4 || stream[0] !== 1) return false;
    const hlen = stream.readUIntBE(1, 3);
    if (stream.length < 4 + hlen) return false;
    try {
      // TLS fields as they are, and the SNI into host.quic as well.
      clientHello(stream.subarray(4, 4 + hlen), withAlso(out, (f, v) => f.exp === 'tls.sni' && out.add(QUIC.host, v)), 'q');
    } catch {
      // A malformed hello yields what was read before the damage.
    }
    return true;
  }
}

const isIetfInitial = (b: Buffer, o: number, len: number) => len >= 1200 && (b[o] & 0xc0) === 0xc0 && hasSalt(b.readUInt32BE(o + 1));
const isGoogle = (b: Buffer, o: number, len: number) => len > 13 && !(b[o] & 0x80) && (b[o] & 0x01) === 1 && b[o + 9] === 0x51 && b[o + 10] === 0x30;

export const quic: ProtocolDef = { name: 'quic', transport: 'udp', ports: [443], signature: (b, o, len) => isIetfInitial(b, o, len) || isGoogle(b, o, len), create: () => new QuicParser() };

class FbzeroParser implements ProtocolParser {
  feed(dir: number, b: Buffer, o: number, len: number, out: FieldSink): boolean {
    out.protocol('quic');
    return dir === 0 ? !chlo(b, o, o + len, out) : true;
  }
}

/** Facebook's zero protocol: a QUIC-crypto handshake over TCP, opening with "1QTV". */
export const fbzero: ProtocolDef = { name: 'fbzero', transport: 'tcp', ports: [], signature: (b, o, len) => len > 8 && b.toString('latin1', o, o + 4) === '1QTV', create: () => new FbzeroParser() };

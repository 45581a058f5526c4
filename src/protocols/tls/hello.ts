// ClientHello and ServerHello: SNI (also into host.http), ALPN, session ids, JA3/JA3S and JA4.
import { fingerprintDigest } from '../digest.js';
import type { FieldSink } from '../types.js';
import { TLS } from './fields.js';
import { HTTP } from '../http/fields.js';
import { cipherName } from './ciphers.js';
import { intern } from '../intern.js';

const isGrease = (v: number) => (v & 0x0f0f) === 0x0a0a && v >> 8 === (v & 0xff);
const VERSIONS: Record<number, string> = { 0x0300: 'SSLv3', 0x0301: 'TLSv1', 0x0302: 'TLSv1.1', 0x0303: 'TLSv1.2', 0x0304: 'TLSv1.3' };
const JA4_VERSIONS: Record<number, string> = { 0x0304: '13', 0x0303: '12', 0x0302: '11', 0x0301: '10', 0x0300: 's3', 0x0002: 's2', 0xfeff: 'd1', 0xfefd: 'd2', 0xfefc: 'd3' };

function* extensions(b: Buffer, p: number): Generator<[number, Buffer]> {
  if (p + 2 > b.length) return;
  const end = Math.min(b.length, p + 2 + b.readUInt16BE(p));
  p += 2;
  while (p + 4 <= end) {
    const type = b.readUInt16BE(p);
    const len = b.readUInt16BE(p + 2);
    yield [type, b.subarray(p + 4, Math.min(end, p + 4 + len))];
    p += 4 + len;
  }
}

function u16list(b: Buffer, start: number, bytes: number): number[] {
  const out: number[] = [];
  for (let i = start; i + 1 < start + bytes && i + 1 < b.length; i += 2) out.push(b.readUInt16BE(i));
  return out;
}

const hex4 = (v: number) => v.toString(16).padStart(4, '0');
const sha12 = (s: string) => (s ? fingerprintDigest('sha256', s).slice(0, 12) : '000000000000');
const isAlnum = (c: number) => (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a);

/** `transport` is 't' (TCP), 'q' (QUIC) or 'd' (DTLS), JA4's first character. */
export function clientHello(b: Buffer, out: FieldSink, transport = 't'): void {
  const version = b.readUInt16BE(0);
  let p = 34;
  const sidLen = b[p];
  if (sidLen) out.add(TLS.sessionIdSrc, b.toString('hex', p + 1, p + 1 + sidLen));
  p += 1 + sidLen;
  if (transport === 'd') p += 1 + b[p]; // DTLS cookie
  const cs = b.readUInt16BE(p);
  const ciphers = u16list(b, p + 2, cs).filter((c) => !isGrease(c));
  p += 2 + cs;
  p += 1 + b[p]; // compression methods
  const exts: number[] = [];
  let curves: number[] = [];
  let formats: number[] = [];
  let sigalgs: number[] = [];
  let best = 0;
  let alpn: Buffer | null = null;
  let sni = false;
  for (const [type, data] of extensions(b, p)) {
    if (isGrease(type)) continue;
    exts.push(type);
    if (type === 0 && data.length > 5) {
      const name = intern(data.toString('latin1', 5, 5 + data.readUInt16BE(3)).toLowerCase());
      sni = true;
      out.add(TLS.sni, name);
      out.add(HTTP.host, name);
    } else if (type === 10 && data.length >= 2) curves = u16list(data, 2, data.readUInt16BE(0)).filter((c) => !isGrease(c));
    else if (type === 11 && data.length >= 1) formats = [...data.subarray(1, 1 + data[0])];
    else if (type === 13 && data.length >= 2) sigalgs = u16list(data, 2, data.readUInt16BE(0));
    else if (type === 16 && data.length >= 3) {
      for (let q = 2; q < data.length && q < 2 + data.readUInt16BE(0); q += 1 + data[q]) {
        const item = data.subarray(q + 1, q + 1 + data[q]);
        alpn ??= item;
        out.add(TLS.alpn, intern(item.toString('latin1')));
      }
    } else if (type === 43 && data.length >= 1) {
      for (const v of u16list(data, 1, data[0])) if (!isGrease(v) && v > best) best = v;
    }
  }
  // Fingerprints are interned: the same clients send the same handshakes all day, and a string
  // built by concatenation is a rope that keeps every piece (~1 KB a session for JA3 and JA4).
  const ja3 = intern(`${version},${ciphers.join('-')},${exts.join('-')},${curves.join('-')},${formats.join('-')}`);
  out.add(TLS.ja3string, ja3);
  out.add(TLS.ja3, fingerprintDigest('md5', ja3));
  // JA4 (FoxIO spec): t|q|d, version, SNI d/i, counts, ALPN ends; sorted ciphers; sorted extensions
  // without SNI and ALPN, then signature algorithms in order.
  const a = alpn as Buffer | null;
  let alpnCode = '00';
  if (a && a.length) {
    alpnCode = isAlnum(a[0]) && isAlnum(a[a.length - 1]) ? String.fromCharCode(a[0], a[a.length - 1]) : a.toString('hex')[0] + a.toString('hex').slice(-1);
  }
  const ver = JA4_VERSIONS[best || version] ?? '00';
  const prefix = `${transport}${ver}${sni ? 'd' : 'i'}${String(Math.min(ciphers.length, 99)).padStart(2, '0')}${String(Math.min(exts.length, 99)).padStart(2, '0')}${alpnCode}`;
  const cList = ciphers.map(hex4).sort().join(',');
  const eList = exts.filter((e) => e !== 0 && e !== 16).map(hex4).sort().join(',');
  const sList = sigalgs.map(hex4).join(',');
  const eRaw = sList ? `${eList}_${sList}` : eList;
  out.add(TLS.ja4, intern(`${prefix}_${sha12(cList)}_${eList ? sha12(eRaw) : '000000000000'}`));
  out.add(TLS.ja4r, intern(`${prefix}_${cList}_${eRaw}`));
}

export function serverHello(b: Buffer, out: FieldSink): void {
  let version = b.readUInt16BE(0);
  let p = 34;
  const sidLen = b[p];
  if (sidLen) out.add(TLS.sessionIdDst, b.toString('hex', p + 1, p + 1 + sidLen));
  p += 1 + sidLen;
  const cipher = b.readUInt16BE(p);
  p += 3; // cipher + compression method
  const exts: number[] = [];
  for (const [type, data] of extensions(b, p)) {
    exts.push(type);
    if (type === 43 && data.length >= 2) version = data.readUInt16BE(0); // supported_versions: the real version
  }
  out.add(TLS.version, VERSIONS[version] ?? ((version >> 8) === 0x7f ? `TLSv1.3-draft-${version & 0xff}` : `0x${version.toString(16)}`));
  out.add(TLS.cipher, cipherName(cipher));
  out.add(TLS.cipherId, cipher);
  const ja3s = intern(`${b.readUInt16BE(0)},${cipher},${exts.join('-')}`);
  out.add(TLS.ja3sstring, ja3s);
  out.add(TLS.ja3s, fingerprintDigest('md5', ja3s));
}

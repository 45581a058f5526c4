// TLS handshake over a reassembled TCP stream: records are reassembled per direction, handshake
// messages collected (bounded) until the ClientHello and ServerHello are parsed; then it stops.
import { createHash } from 'node:crypto';
import type { FieldSink, ProtocolParser } from '../types.js';
import { TLS } from './fields.js';
import { HTTP } from '../http/fields.js';

const MAX_BUFFER = 64 * 1024;
const isGrease = (v: number) => (v & 0x0f0f) === 0x0a0a && v >> 8 === (v & 0xff);
const VERSIONS: Record<number, string> = { 0x0300: 'SSLv3', 0x0301: 'TLSv1', 0x0302: 'TLSv1.1', 0x0303: 'TLSv1.2', 0x0304: 'TLSv1.3' };

class Direction {
  records = Buffer.alloc(0);
  handshake = Buffer.alloc(0);
  done = false;
}

export class TlsParser implements ProtocolParser {
  private readonly dirs = [new Direction(), new Direction()];

  feed(dir: number, buf: Buffer, off: number, len: number, out: FieldSink): boolean {
    const d = this.dirs[dir];
    if (d.done) return !this.dirs.every((x) => x.done);
    d.records = Buffer.concat([d.records, buf.subarray(off, off + len)]);
    while (d.records.length >= 5 && !d.done) {
      const type = d.records[0];
      const rlen = d.records.readUInt16BE(3);
      if (type < 20 || type > 24 || d.records[1] !== 3) {
        d.done = true; // not TLS (or encrypted garbage): stop this direction
        break;
      }
      if (d.records.length < 5 + rlen) break;
      if (type === 22) d.handshake = Buffer.concat([d.handshake, d.records.subarray(5, 5 + rlen)]);
      else if (type === 20 || type === 23) d.done = true; // past the hellos: the rest is encrypted
      d.records = d.records.subarray(5 + rlen);
      this.handshakes(d, out);
    }
    if (d.records.length > MAX_BUFFER || d.handshake.length > MAX_BUFFER) d.done = true;
    return !this.dirs.every((x) => x.done);
  }

  private handshakes(d: Direction, out: FieldSink): void {
    while (d.handshake.length >= 4 && !d.done) {
      const type = d.handshake[0];
      const hlen = d.handshake.readUIntBE(1, 3);
      if (d.handshake.length < 4 + hlen) return;
      const body = d.handshake.subarray(4, 4 + hlen);
      d.handshake = d.handshake.subarray(4 + hlen);
      try {
        if (type === 1) clientHello(body, out);
        else if (type === 2) serverHello(body, out);
      } catch {
        // A malformed hello yields what was read before the damage.
      }
      if (type === 1 || type === 2) d.done = true;
    }
  }
}

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

function clientHello(b: Buffer, out: FieldSink): void {
  const version = b.readUInt16BE(0);
  let p = 34;
  p += 1 + b[p]; // session id
  const cs = b.readUInt16BE(p);
  const ciphers = u16list(b, p + 2, cs).filter((c) => !isGrease(c));
  p += 2 + cs;
  p += 1 + b[p]; // compression methods
  const exts: number[] = [];
  let curves: number[] = [];
  let formats: number[] = [];
  for (const [type, data] of extensions(b, p)) {
    if (!isGrease(type)) exts.push(type);
    if (type === 0 && data.length > 5) {
      // server_name: list length, then (type, length, name)
      const n = data.readUInt16BE(3);
      const sni = data.toString('latin1', 5, 5 + n).toLowerCase();
      out.add(TLS.sni, sni);
      out.add(HTTP.host, sni);
    } else if (type === 10 && data.length >= 2) curves = u16list(data, 2, data.readUInt16BE(0)).filter((c) => !isGrease(c));
    else if (type === 11 && data.length >= 1) formats = [...data.subarray(1, 1 + data[0])];
  }
  const ja3 = `${version},${ciphers.join('-')},${exts.join('-')},${curves.join('-')},${formats.join('-')}`;
  out.add(TLS.ja3string, ja3);
  out.add(TLS.ja3, createHash('md5').update(ja3).digest('hex'));
}

function serverHello(b: Buffer, out: FieldSink): void {
  let version = b.readUInt16BE(0);
  let p = 34;
  p += 1 + b[p];
  const cipher = b.readUInt16BE(p);
  p += 3; // cipher + compression method
  const exts: number[] = [];
  for (const [type, data] of extensions(b, p)) {
    exts.push(type);
    if (type === 43 && data.length >= 2) version = data.readUInt16BE(0); // supported_versions: the real version
  }
  out.add(TLS.version, VERSIONS[version] ?? `0x${version.toString(16)}`);
  out.add(TLS.cipher, cipher);
  const ja3s = `${b.readUInt16BE(0)},${cipher},${exts.join('-')}`;
  out.add(TLS.ja3sstring, ja3s);
  out.add(TLS.ja3s, createHash('md5').update(ja3s).digest('hex'));
}

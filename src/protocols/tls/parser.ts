// TLS handshake over a reassembled TCP stream: records are reassembled per direction, handshake
// messages collected (bounded): the hellos, then the server's certificates (TLS <= 1.2, where they
// travel in clear); parsing stops at the first encrypted record.
import type { FieldSink, ProtocolParser } from '../types.js';
import { clientHello, serverHello } from './hello.js';
import { parseCertificate } from './cert.js';
import { EMPTY, own } from '../../session/retain.js';

const MAX_BUFFER = 64 * 1024;
const MAX_CERTS = 10;

class Direction {
  records: Buffer = EMPTY;
  handshake: Buffer = EMPTY;
  done = false;
}

export class TlsParser implements ProtocolParser {
  private readonly dirs = [new Direction(), new Direction()];

  feed(dir: number, buf: Buffer, off: number, len: number, out: FieldSink): boolean {
    const d = this.dirs[dir];
    if (d.done) return !this.dirs.every((x) => x.done);
    // Appending copies; a chunk that starts with nothing pending is read in place.
    d.records = d.records.length ? Buffer.concat([d.records, buf.subarray(off, off + len)]) : buf.subarray(off, off + len);
    while (d.records.length >= 5 && !d.done) {
      const type = d.records[0];
      const rlen = d.records.readUInt16BE(3);
      if (type < 20 || type > 24 || d.records[1] !== 3) {
        d.done = true; // not TLS (or encrypted garbage): stop this direction
        break;
      }
      if (d.records.length < 5 + rlen) break;
      if (type === 22) {
        const frag = d.records.subarray(5, 5 + rlen);
        d.handshake = d.handshake.length ? Buffer.concat([d.handshake, frag]) : frag;
      }
      else if (type === 20 || type === 23) d.done = true; // past the hellos: the rest is encrypted
      d.records = d.records.subarray(5 + rlen);
      this.handshakes(d, out);
    }
    if (d.records.length > MAX_BUFFER || d.handshake.length > MAX_BUFFER) d.done = true;
    // What is kept past this call must not pin the capture's read buffer (an empty view would too), nor a shared pool slab.
    d.records = own(d.records);
    d.handshake = own(d.handshake);
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
        else if (type === 11) certificates(body, out);
      } catch {
        // A malformed message yields what was read before the damage.
      }
      // The client has nothing more in clear after its hello; the server stops after its certificates.
      if (type === 1 || type >= 11) d.done = true;
    }
  }
}

/** Certificate message: a 3-byte list length, then (3-byte length, DER) entries. */
export function certificates(b: Buffer, out: FieldSink): void {
  let p = 3;
  const end = Math.min(b.length, 3 + b.readUIntBE(0, 3));
  for (let n = 0; p + 3 <= end && n < MAX_CERTS; n++) {
    const len = b.readUIntBE(p, 3);
    if (p + 3 + len > end) break;
    parseCertificate(b.subarray(p + 3, p + 3 + len), out.startSec, out);
    p += 3 + len;
  }
}

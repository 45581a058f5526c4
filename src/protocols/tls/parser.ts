// TLS handshake over a reassembled TCP stream: records are reassembled per direction, handshake
// messages collected (bounded): the hellos, then the server's certificates (TLS <= 1.2, where they
// travel in clear); parsing stops at the first encrypted record.
import type { FieldSink, ProtocolParser } from '../types.js';
import { clientHello, serverHello } from './hello.js';
import { parseCertificate } from './cert.js';
import { EMPTY, own } from '../../session/retain.js';

const MAX_BUFFER = 64 * 1024;
const MAX_CERTS = 10;

/** A direction's bytes held between chunks: an incomplete record, an incomplete handshake message. */
class Pending {
  records: Buffer = EMPTY;
  handshake: Buffer = EMPTY;
}

/** What a direction works in when nothing was pending (shared; emptied before and after each use). */
const NOTHING = new Pending();

function emptied(p: Pending): Pending {
  p.records = p.handshake = EMPTY;
  return p;
}

export class TlsParser implements ProtocolParser {
  /** Made only while a direction has bytes pending: most sessions sit between messages. */
  private pending0: Pending | null = null;
  private pending1: Pending | null = null;
  /** Bit `dir` set once that direction is past its clear-text handshake (or is not TLS). */
  private doneDirs = 0;

  feed(dir: number, buf: Buffer, off: number, len: number, out: FieldSink): boolean {
    const bit = 1 << dir;
    if (this.doneDirs & bit) return this.doneDirs !== 3;
    const held = dir === 0 ? this.pending0 : this.pending1;
    const d = held ?? emptied(NOTHING);
    // Appending copies; a chunk that starts with nothing pending is read in place.
    d.records = d.records.length ? Buffer.concat([d.records, buf.subarray(off, off + len)]) : buf.subarray(off, off + len);
    let done = false;
    while (d.records.length >= 5 && !done) {
      const type = d.records[0];
      const rlen = d.records.readUInt16BE(3);
      if (type < 20 || type > 24 || d.records[1] !== 3) {
        done = true; // not TLS (or encrypted garbage): stop this direction
        break;
      }
      if (d.records.length < 5 + rlen) break;
      if (type === 22) {
        const frag = d.records.subarray(5, 5 + rlen);
        d.handshake = d.handshake.length ? Buffer.concat([d.handshake, frag]) : frag;
      }
      else if (type === 20 || type === 23) done = true; // past the hellos: the rest is encrypted
      d.records = d.records.subarray(5 + rlen);
      if (this.handshakes(d, out)) done = true;
    }
    if (d.records.length > MAX_BUFFER || d.handshake.length > MAX_BUFFER) done = true;
    let keep: Pending | null = null;
    if (!done && (d.records.length || d.handshake.length)) {
      // What is kept past this call must not pin the capture's read buffer (an empty view would too), nor a shared pool slab.
      keep = held ?? new Pending();
      keep.records = own(d.records);
      keep.handshake = own(d.handshake);
    }
    emptied(NOTHING); // holds no packet's bytes between calls
    if (dir === 0) this.pending0 = keep;
    else this.pending1 = keep;
    if (done) this.doneDirs |= bit;
    return this.doneDirs !== 3;
  }

  /** Parses the complete handshake messages held in `d`; true once the direction has nothing more in clear. */
  private handshakes(d: Pending, out: FieldSink): boolean {
    while (d.handshake.length >= 4) {
      const type = d.handshake[0];
      const hlen = d.handshake.readUIntBE(1, 3);
      if (d.handshake.length < 4 + hlen) return false;
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
      if (type === 1 || type >= 11) return true;
    }
    return false;
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

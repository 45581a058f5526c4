// SMB1/SMB2/3 over NetBIOS session service (TCP 445/139) and NetBIOS datagrams (UDP 138, "nbds"):
// classified by the SMB header magic; each direction is framed by the 4-byte session header.
import type { FieldSink, ProtocolDef, ProtocolParser } from '../types.js';
import { smb1, smb2 } from './messages.js';
import { own } from '../../session/retain.js';

/** Messages larger than this (reads, writes) are skipped, not buffered. */
const MAX_MESSAGE = 128 * 1024;
const MAX_MESSAGES = 512;

const isSmb = (b: Buffer, at: number, end: number) => at + 4 <= end && (b[at] === 0xff || b[at] === 0xfe || b[at] === 0xfd) && b[at + 1] === 0x53 && b[at + 2] === 0x4d && b[at + 3] === 0x42;

class Direction {
  pending: Buffer = Buffer.alloc(0);
  /** Bytes of an oversized message still to skip. */
  skip = 0;
}

class SmbParser implements ProtocolParser {
  private readonly dirs = [new Direction(), new Direction()];
  private messages = 0;

  feed(dir: number, buf: Buffer, off: number, len: number, out: FieldSink): boolean {
    const d = this.dirs[dir];
    if (d.skip) {
      const n = Math.min(d.skip, len);
      d.skip -= n;
      off += n;
      len -= n;
    }
    let b = d.pending.length ? Buffer.concat([d.pending, buf.subarray(off, off + len)]) : buf.subarray(off, off + len);
    while (b.length >= 4) {
      const n = b.readUInt32BE(0) & 0xffffff;
      if (b[0] !== 0) return false; // not a session message: lost framing
      if (n > MAX_MESSAGE) {
        d.skip = Math.max(0, 4 + n - b.length);
        b = b.subarray(Math.min(b.length, 4 + n));
        continue;
      }
      if (b.length < 4 + n) break;
      if (isSmb(b, 4, 4 + n)) {
        try {
          if (b[4] === 0xff) smb1(b, 4, 4 + n, out);
          else if (b[4] === 0xfe) smb2(b, 4, 4 + n, out);
        } catch {
          // A malformed message yields what was read before the damage.
        }
      }
      b = b.subarray(4 + n);
      if (++this.messages > MAX_MESSAGES) return false;
    }
    d.pending = own(b);
    return true;
  }
}

export const smb: ProtocolDef = {
  name: 'smb',
  transport: 'tcp',
  ports: [445, 139],
  signature: (buf, off, len) => len >= 8 && buf[off] === 0 && isSmb(buf, off + 4, off + len),
  create: () => new SmbParser(),
};

class NbdsParser implements ProtocolParser {
  feed(_dir: number, buf: Buffer, off: number, len: number, out: FieldSink): boolean {
    const at = buf.subarray(off, off + len).indexOf('SMB');
    if (at > 0 && isSmb(buf, off + at - 1, off + len)) out.protocol('smb');
    return false;
  }
}

export const nbds: ProtocolDef = { name: 'nbds', transport: 'udp', ports: [138], create: () => new NbdsParser() };

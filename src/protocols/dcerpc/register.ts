// DCE/RPC connection-oriented (TCP 135 and dynamic ports): classified by its header; a bind names
// the interface (lsarpc, samr, ...) from its abstract syntax UUID; NTLMSSP auth is parsed.
import type { FieldSink, ProtocolDef, ProtocolParser } from '../types.js';
import { findNtlmssp } from '../ntlm/ntlmssp.js';
import { INTERFACES } from './interfaces.js';

/** The UUID in its text form; its first three fields follow the packet's byte order (drep). */
function uuid(b: Buffer, at: number, littleEndian: boolean): string {
  const hex = (s: number, e: number) => b.subarray(at + s, at + e).toString('hex');
  const int = (s: number, n: number) => (littleEndian ? Buffer.from(b.subarray(at + s, at + s + n)).reverse().toString('hex') : hex(s, s + n));
  return `${int(0, 4)}-${int(4, 2)}-${int(6, 2)}-${hex(8, 10)}-${hex(10, 16)}`;
}

const littleEndian = (b: Buffer, o: number) => (b[o + 4] & 0x10) !== 0;
const fragLength = (b: Buffer, o: number) => (littleEndian(b, o) ? b.readUInt16LE(o + 8) : b.readUInt16BE(o + 8));

class DcerpcParser implements ProtocolParser {
  private packets = 0;
  feed(_dir: number, buf: Buffer, off: number, len: number, out: FieldSink): boolean {
    // bind (11) / alter context (14): header 16, xmit/recv 4, assoc 4, n_ctx 4, ctx id 2 + n 2, UUID.
    if (len >= 60 && buf[off] === 5 && (buf[off + 2] === 11 || buf[off + 2] === 14)) {
      const name = INTERFACES[uuid(buf, off + 32, littleEndian(buf, off))];
      if (name) out.protocol(name);
    }
    findNtlmssp(buf, off, len, out);
    return ++this.packets < 32;
  }
}

export const dcerpc: ProtocolDef = {
  name: 'dcerpc',
  transport: 'tcp',
  ports: [135],
  signature: (buf, off, len) => len >= 16 && buf[off] === 5 && buf[off + 1] === 0 && (buf[off + 2] === 11 || buf[off + 2] === 12 || buf[off + 2] === 0) && fragLength(buf, off) >= 16 && fragLength(buf, off) <= len + 4096,
  create: () => new DcerpcParser(),
};

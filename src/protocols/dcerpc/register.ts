// DCE/RPC connection-oriented (TCP 135 and dynamic ports): classified by its header; a bind names
// the interface (lsarpc, samr, ...) from its abstract syntax UUID; NTLMSSP auth is parsed.
import type { FieldSink, ProtocolDef, ProtocolParser } from '../types.js';
import { findNtlmssp } from '../ntlm/ntlmssp.js';
import { INTERFACES } from './interfaces.js';

/** The UUID in its text form from the little-endian wire layout. */
function uuid(b: Buffer, at: number): string {
  const hex = (s: number, e: number) => b.subarray(at + s, at + e).toString('hex');
  const le = (s: number, n: number) => Buffer.from(b.subarray(at + s, at + s + n)).reverse().toString('hex');
  return `${le(0, 4)}-${le(4, 2)}-${le(6, 2)}-${hex(8, 10)}-${hex(10, 16)}`;
}

class DcerpcParser implements ProtocolParser {
  private packets = 0;
  feed(_dir: number, buf: Buffer, off: number, len: number, out: FieldSink): boolean {
    // bind (11) / alter context (14): header 16, xmit/recv 4, assoc 4, n_ctx 4, ctx id 2 + n 2, UUID.
    if (len >= 60 && buf[off] === 5 && (buf[off + 2] === 11 || buf[off + 2] === 14)) {
      const name = INTERFACES[uuid(buf, off + 32)];
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
  signature: (buf, off, len) => len >= 16 && buf[off] === 5 && buf[off + 1] === 0 && (buf[off + 2] === 11 || buf[off + 2] === 12 || buf[off + 2] === 0) && buf.readUInt16LE(off + 8) <= len + 4096,
  create: () => new DcerpcParser(),
};

// SMB1/SMB2/3 over NetBIOS session service (TCP 445/139) and NetBIOS datagrams (UDP 138, "nbds"):
// classified by the SMB header magic; NTLMSSP in session setups is parsed.
import type { FieldSink, ProtocolDef, ProtocolParser } from '../types.js';
import { findNtlmssp } from '../ntlm/ntlmssp.js';

const isSmb = (b: Buffer, at: number, end: number) => at + 4 <= end && (b[at] === 0xff || b[at] === 0xfe || b[at] === 0xfd) && b[at + 1] === 0x53 && b[at + 2] === 0x4d && b[at + 3] === 0x42;

/** NTLMSSP is read from SMB1 messages only, as Arkime does (SMB2 session setups are not parsed). */
class SmbParser implements ProtocolParser {
  private messages = 0;
  feed(_dir: number, buf: Buffer, off: number, len: number, out: FieldSink): boolean {
    if (len >= 8 && buf[off + 4] === 0xff && isSmb(buf, off + 4, off + len)) findNtlmssp(buf, off, len, out);
    return ++this.messages < 64;
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

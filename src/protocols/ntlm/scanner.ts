// A parser for binary carriers whose only searched content is NTLMSSP (SMB, TDS, DCE/RPC...):
// scans each direction's first bytes for NTLMSSP messages.
import type { FieldSink, ProtocolParser } from '../types.js';
import { findNtlmssp } from './ntlmssp.js';

const SCAN_BYTES = 256 * 1024;

export class NtlmScanner implements ProtocolParser {
  private scanned = [0, 0];

  feed(dir: number, buf: Buffer, off: number, len: number, out: FieldSink): boolean {
    findNtlmssp(buf, off, len, out);
    this.scanned[dir] += len;
    return this.scanned[0] + this.scanned[1] < 2 * SCAN_BYTES;
  }
}

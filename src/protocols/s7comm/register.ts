// S7comm and S7comm-plus (Siemens PLCs) over ISO-on-TCP (TPKT + COTP, port 102): the first COTP
// data unit's protocol id tells which one it is.
import type { FieldSink, ProtocolDef, ProtocolParser } from '../types.js';

const COTP_DT = 0xf0;

class TpktParser implements ProtocolParser {
  private units = 0;
  feed(_dir: number, b: Buffer, o: number, len: number, out: FieldSink): boolean {
    // TPKT: 03 00 length(2); COTP: length indicator, PDU type; data follows the COTP header.
    if (len < 8 || b[o] !== 3 || b[o + 1] !== 0) return ++this.units < 16;
    const li = b[o + 4];
    if ((b[o + 5] & 0xf0) === COTP_DT && o + 5 + li < o + len) {
      const id = b[o + 5 + li];
      if (id === 0x32) out.protocol('s7comm');
      else if (id === 0x72) out.protocol('s7comm-plus');
      if (id === 0x32 || id === 0x72) return false;
    }
    return ++this.units < 16;
  }
}

export const s7comm: ProtocolDef = {
  name: 's7comm',
  anonymous: true,
  transport: 'tcp',
  ports: [102],
  // TPKT version 3 with a COTP connection request (0xe0) or data (0xf0).
  signature: (b, o, len) => len >= 7 && b[o] === 3 && b[o + 1] === 0 && b.readUInt16BE(o + 2) === len && (b[o + 5] === 0xe0 || b[o + 5] === 0xf0),
  create: () => new TpktParser(),
};

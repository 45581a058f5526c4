// RDP (3389): the X.224 connection request's routing cookie ("Cookie: mstshash=<user>") and the
// security protocols requested and selected in the RDP negotiation.
import { defineField } from '../../fields/define.js';
import type { FieldSink, ProtocolDef, ProtocolParser } from '../types.js';
import { USER } from '../../fields/common.js';

const g = 'rdp';
export const RDP = {
  cookie: defineField('rdp.cookie', 'rdp_cookie', 'termfield', true, g, 'Routing cookies (mstshash user names) in connection requests'),
  requested: defineField('rdp.requested-protocols', 'rdp_requested_protocols', 'termfield', true, g, 'Security protocols requested by clients'),
  selected: defineField('rdp.selected-protocol', 'rdp_selected_protocol', 'termfield', true, g, 'Security protocol selected by servers'),
};
const PROTOCOLS: [number, string][] = [[1, 'tls'], [2, 'hybrid'], [4, 'rdstls'], [8, 'hybrid_ex']];
const COOKIE = Buffer.from('Cookie: mstshash=', 'latin1');
const X224_CR = 0xe0;
const X224_CC = 0xd0;

function protocols(flags: number): string[] {
  const names = PROTOCOLS.filter(([bit]) => flags & bit).map(([, n]) => n);
  return names.length ? names : ['rdp'];
}

class RdpParser implements ProtocolParser {
  private seen = 0;
  feed(_dir: number, b: Buffer, o: number, len: number, out: FieldSink): boolean {
    const end = o + len;
    if (len >= 11 && b[o] === 3 && (b[o + 5] === X224_CR || b[o + 5] === X224_CC)) {
      let p = o + 11;
      const c = b.subarray(p, end).indexOf(COOKIE);
      if (c === 0) {
        const nl = b.indexOf(0x0d, p);
        const stop = nl < 0 || nl > end ? end : nl;
        const user = b.toString('latin1', p + COOKIE.length, stop);
        out.add(RDP.cookie, user);
        out.add(USER, user.toLowerCase());
        p = stop + 2;
      }
      // RDP_NEG_REQ (1) / RDP_NEG_RSP (2): type, flags, length 8, protocols (little-endian).
      if (p + 8 <= end && b.readUInt16LE(p + 2) === 8) {
        if (b[p] === 1) for (const n of protocols(b.readUInt32LE(p + 4))) out.add(RDP.requested, n);
        else if (b[p] === 2) {
          const selected = protocols(b.readUInt32LE(p + 4))[0];
          out.add(RDP.selected, selected);
          if (selected !== 'rdp') out.handoff(); // TLS (or CredSSP over TLS) follows
        }
      }
    }
    return ++this.seen < 4;
  }
}

export const rdp: ProtocolDef = {
  name: 'rdp',
  transport: 'tcp',
  ports: [3389],
  // TPKT + X.224 connection request carrying a cookie or an RDP negotiation request.
  signature: (b, o, len) => len >= 19 && b[o] === 3 && b[o + 5] === X224_CR && (b.subarray(o + 11, o + len).indexOf(COOKIE) === 0 || (b[o + 11] === 1 && b[o + 13] === 8)),
  create: () => new RdpParser(),
};

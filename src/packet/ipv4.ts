// IPv4 header: addresses, TTL, protocol; fragments go to the reassembly table.
import { Result } from './decoded.js';
import type { DecodeContext } from './context.js';
import { enterIpLayer, decodeIpPayload, lonelyFragment } from './ip-common.js';

export function decodeIpv4(c: DecodeContext, buf: Buffer, off: number, end: number): Result {
  if (end - off < 20) return Result.Corrupt;
  const vihl = buf[off];
  const ihl = (vihl & 0x0f) * 4;
  if (vihl >> 4 !== 4 || ihl < 20 || end - off < ihl) return Result.Corrupt;
  const total = buf.readUInt16BE(off + 2);
  // TSO-captured frames report a total length of 0; trust the captured bytes then.
  const claimedEnd = total === 0 ? end : off + total;
  if (total !== 0 && total < ihl) return Result.Corrupt;
  const d = c.d;
  enterIpLayer(d);
  d.ipVersion = 4;
  d.buf = buf;
  d.ipOff = off;
  d.dscp = buf[off + 1] >> 2;
  d.ttl = buf[off + 8];
  d.ipProto = buf[off + 9];
  d.src.fill(0);
  d.dst.fill(0);
  for (let i = 0; i < 4; i++) {
    d.src[i] = buf[off + 12 + i];
    d.dst[i] = buf[off + 16 + i];
  }
  const frag = buf.readUInt16BE(off + 6);
  if ((frag & 0x3fff) !== 0) {
    // A fragment cut short by the snap length can never be reassembled: it is accounted on its own.
    if (!c.noReassembly && end >= claimedEnd) return c.frags.addV4(c, buf, off, ihl, claimedEnd, frag);
    if ((frag & 0x1fff) !== 0) return lonelyFragment(c);
  }
  // AH (51) stays the session's protocol, as in Arkime: its payload is usually ESP anyway.
  return decodeIpPayload(c, buf, off + ihl, Math.min(end, claimedEnd), claimedEnd - off - ihl, d.ipProto);
}


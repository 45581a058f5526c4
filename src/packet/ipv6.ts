// IPv6 header and extension-header chain (hop-by-hop, routing, destination options, AH, fragment).
import { Result } from './decoded.js';
import type { DecodeContext } from './context.js';
import { enterIpLayer, decodeIpPayload, lonelyFragment } from './ip-common.js';

export function decodeIpv6(c: DecodeContext, buf: Buffer, off: number, end: number): Result {
  if (end - off < 40 || buf[off] >> 4 !== 6) return Result.Corrupt;
  const d = c.d;
  enterIpLayer(d);
  d.ipVersion = 6;
  d.buf = buf;
  d.ipOff = off;
  d.dscp = ((buf.readUInt16BE(off) >> 6) & 0xff) >> 2;
  d.ttl = buf[off + 7];
  for (let i = 0; i < 16; i++) {
    d.src[i] = buf[off + 8 + i];
    d.dst[i] = buf[off + 24 + i];
  }
  const plen = buf.readUInt16BE(off + 4);
  // Jumbograms (payload length 0 with a hop-by-hop jumbo option) and TSO frames: use what was captured.
  const claimedEnd = plen === 0 ? end : off + 40 + plen;
  const stop = Math.min(end, claimedEnd);
  let next = buf[off + 6];
  let p = off + 40;
  for (let n = 0; n < 16; n++) {
    if (next === 0 || next === 43 || next === 60 || next === 135 || next === 139 || next === 140) {
      if (stop - p < 8) return Result.Corrupt;
      const len = (buf[p + 1] + 1) * 8;
      next = buf[p];
      p += len;
      continue;
    }
    if (next === 51) {
      if (stop - p < 8) return Result.Corrupt;
      const len = (buf[p + 1] + 2) * 4;
      next = buf[p];
      p += len;
      continue;
    }
    if (next === 44) {
      if (stop - p < 8) return Result.Corrupt;
      d.ipProto = buf[p];
      const fo = buf.readUInt16BE(p + 2);
      if ((fo & 0xfff9) === 0) {
        // An atomic fragment (offset 0, no more fragments) is a whole datagram.
        next = buf[p];
        p += 8;
        continue;
      }
      if (!c.noReassembly && end >= claimedEnd) return c.frags.addV6(c, buf, off, p, stop, fo, buf.readUInt32BE(p + 4));
      if ((fo & 0xfff8) !== 0) return lonelyFragment(c);
      next = buf[p];
      p += 8;
      continue;
    }
    break;
  }
  if (p > stop) return Result.Corrupt;
  d.ipProto = next;
  return decodeIpPayload(c, buf, p, stop, claimedEnd - p, next);
}

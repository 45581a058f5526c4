// GRE (RFC 2784/2890, and the PPTP "enhanced" version 1) with ERSPAN type I, II and III.
import { Result, Tunnel } from './decoded.js';
import type { DecodeContext } from './context.js';
import { decodeEthernet, decodeEthertype } from './ethernet.js';
import { decodePpp } from './ppp.js';
import { decodeIeee80211 } from './ieee80211.js';

const GRE_ERSPAN_2 = 0x88be;
const GRE_ERSPAN_3 = 0x22eb;
const GRE_ARUBA = 0x8200;
const GRE_ARUBA_2 = 0x8210;

export function decodeGre(c: DecodeContext, buf: Buffer, off: number, end: number): Result {
  if (end - off < 4) return Result.Corrupt;
  const flags = buf.readUInt16BE(off);
  const proto = buf.readUInt16BE(off + 2);
  const version = flags & 0x7;
  let p = off + 4;
  if (flags & 0x8000) p += 4; // checksum + reserved
  if (flags & 0x2000) p += 4; // key (always present in version 1)
  if (flags & 0x1000) p += 4; // sequence number
  if (version === 1 && flags & 0x0080) p += 4; // acknowledgement number
  if (p > end) return Result.Corrupt;
  const d = c.d;
  d.tunnels |= Tunnel.Gre;
  if (version === 1 || proto === 0x880b) {
    d.tunnels |= Tunnel.Ppp;
    return decodePpp(c, buf, p, end);
  }
  if (proto === GRE_ERSPAN_2) {
    d.tunnels |= Tunnel.Erspan;
    // ERSPAN type I has no sequence number and no ERSPAN header.
    if ((flags & 0x1000) === 0) return decodeEthernet(c, buf, p, end);
    if (end - p < 8) return Result.Corrupt;
    return decodeEthernet(c, buf, p + 8, end);
  }
  if (proto === GRE_ARUBA || proto === GRE_ARUBA_2) {
    // Aruba access points tunnel raw 802.11 frames to their controller.
    return decodeIeee80211(c, buf, p, end);
  }
  if (proto === GRE_ERSPAN_3) {
    d.tunnels |= Tunnel.Erspan;
    if (end - p < 12) return Result.Corrupt;
    const optional = (buf[p + 11] & 0x01) !== 0;
    return decodeEthernet(c, buf, p + 12 + (optional ? 8 : 0), end);
  }
  return decodeEthertype(c, buf, p, end, proto);
}

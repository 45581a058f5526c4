// Ethernet II / 802.3+LLC/SNAP framing and the ethertype dispatch shared by every layer
// that names its payload with an ethertype (VLAN, GRE, SLL, PPPoE...).
import { Result, Tunnel, MAX_DEPTH, MAX_VLANS } from './decoded.js';
import type { DecodeContext } from './context.js';
import { decodeIpv4 } from './ipv4.js';
import { decodeIpv6 } from './ipv6.js';
import { decodeMpls } from './mpls.js';
import { decodePppoeSession, decodePppProto } from './ppp.js';
import { decodeNsh } from './nsh.js';

export const ETH_IPV4 = 0x0800;
export const ETH_ARP = 0x0806;
export const ETH_IPV6 = 0x86dd;
export const ETH_VLAN = 0x8100;
export const ETH_QINQ = 0x88a8;
export const ETH_QINQ_OLD = 0x9100;
export const ETH_MPLS = 0x8847;
export const ETH_MPLS_MC = 0x8848;
export const ETH_PPPOE_SESSION = 0x8864;
export const ETH_TEB = 0x6558;
export const ETH_PPP = 0x880b;
export const ETH_ETAG = 0x893f;
export const ETH_NSH = 0x894f;

/**
 * A 48-bit address as one number. Written out rather than `readUIntBE(off, 6)`: that call, when V8
 * does not inline it, returns its double boxed (16 bytes of garbage per address, two per frame).
 */
function mac48(b: Buffer, o: number): number {
  return ((b[o] << 8) | b[o + 1]) * 4294967296 + (((b[o + 2] << 24) | (b[o + 3] << 16) | (b[o + 4] << 8) | b[o + 5]) >>> 0);
}

export function decodeEthernet(c: DecodeContext, buf: Buffer, off: number, end: number): Result {
  if (end - off < 14) return Result.Corrupt;
  const d = c.d;
  if (d.hasMac) {
    // An Ethernet frame inside a tunnel: the inner addresses describe the session, the outer ones move aside.
    if (!d.hasOuterMac) {
      d.hasOuterMac = true;
      d.outerMacSrc = d.macSrc;
      d.outerMacDst = d.macDst;
    }
  }
  d.hasMac = true;
  d.macDst = mac48(buf, off);
  d.macSrc = mac48(buf, off + 6);
  let type = buf.readUInt16BE(off + 12);
  off += 14;
  if (type < 0x0600) {
    // 802.3 length field: only LLC/SNAP carries an ethertype we can follow.
    const snap = end - off >= 8 && buf[off] === 0xaa && buf[off + 1] === 0xaa && buf[off + 2] === 0x03 ? buf.readUInt16BE(off + 6) : 0;
    // SNAP is followed only for IP and ARP; other 802.3 frames (CDP, STP...) stay link-level.
    if (snap === ETH_IPV4 || snap === ETH_IPV6 || snap === ETH_ARP || snap === ETH_VLAN) {
      type = snap;
      off += 8;
    } else {
      // Plain 802.3/LLC: keep the length field as the "ethertype", as Arkime does, for keying.
      d.ethertype = type;
      d.buf = buf;
      d.ipOff = off;
      return Result.NonIp;
    }
  }
  return decodeEthertype(c, buf, off, end, type);
}

export function decodeEthertype(c: DecodeContext, buf: Buffer, off: number, end: number, type: number): Result {
  const d = c.d;
  if (++d.depth > MAX_DEPTH) return Result.Corrupt;
  for (;;) {
    switch (type) {
      case ETH_IPV4:
        d.ethertype = type;
        return decodeIpv4(c, buf, off, end);
      case ETH_IPV6:
        d.ethertype = type;
        return decodeIpv6(c, buf, off, end);
      case ETH_VLAN:
      case ETH_QINQ:
      case ETH_QINQ_OLD:
        if (end - off < 4) return Result.Corrupt;
        if (d.vlanCount < MAX_VLANS) {
          d.vlanTpids[d.vlanCount] = type;
          d.vlans[d.vlanCount++] = buf.readUInt16BE(off) & 0x0fff;
        }
        type = buf.readUInt16BE(off + 2);
        off += 4;
        continue;
      case ETH_MPLS:
      case ETH_MPLS_MC:
        d.ethertype = type;
        d.tunnels |= Tunnel.Mpls;
        return decodeMpls(c, buf, off, end);
      case ETH_PPPOE_SESSION:
        d.ethertype = type;
        return decodePppoeSession(c, buf, off, end);
      case ETH_PPP:
        d.tunnels |= Tunnel.Ppp;
        return decodePppProto(c, buf, off, end);
      case ETH_TEB:
        return decodeEthernet(c, buf, off, end);
      case ETH_ETAG:
        // 802.1BR E-tag: 6 bytes of tag, then the next ethertype.
        if (end - off < 8) return Result.Corrupt;
        type = buf.readUInt16BE(off + 6);
        off += 8;
        continue;
      case ETH_NSH:
        return decodeNsh(c, buf, off, end);
      default:
        d.ethertype = type;
        d.buf = buf;
        d.ipOff = off;
        return Result.NonIp;
    }
  }
}

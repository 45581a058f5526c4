// What both IP versions share: tunnel bookkeeping and dispatch to the transport layer.
import { Result, Tunnel, MAX_DEPTH, type Decoded } from './decoded.js';
import type { DecodeContext } from './context.js';
import { decodeIpv4 } from './ipv4.js';
import { decodeIpv6 } from './ipv6.js';
import { decodeGre } from './gre.js';
import { decodeTransport } from './transport.js';

export const PROTO_ICMP = 1;
export const PROTO_IPIP = 4;
export const PROTO_TCP = 6;
export const PROTO_UDP = 17;
export const PROTO_IPV6 = 41;
export const PROTO_GRE = 47;
export const PROTO_ESP = 50;
export const PROTO_ICMPV6 = 58;
export const PROTO_SCTP = 132;

/** A second IP layer means the first was a tunnel's outer header: keep the first one as "outer". */
export function enterIpLayer(d: Decoded): void {
  if (d.ipVersion !== 0 && d.outerIpVersion === 0) {
    d.outerIpVersion = d.ipVersion;
    d.outerSrc.set(d.src);
    d.outerDst.set(d.dst);
  }
}

/** `off..end` = captured IP payload; `claimed` = its length per the IP header. */
export function decodeIpPayload(c: DecodeContext, buf: Buffer, off: number, end: number, claimed: number, proto: number): Result {
  const d = c.d;
  d.l4Off = off;
  d.l4Len = Math.max(0, end - off);
  d.l4Claimed = Math.max(0, claimed);
  if (++d.depth > MAX_DEPTH) return Result.Corrupt;
  switch (proto) {
    case PROTO_IPIP:
      d.tunnels |= Tunnel.IpInIp;
      return decodeIpv4(c, buf, off, end);
    case PROTO_IPV6:
      d.tunnels |= d.ipVersion === 4 ? Tunnel.SixInFour : Tunnel.IpInIp;
      return decodeIpv6(c, buf, off, end);
    case PROTO_GRE:
      return decodeGre(c, buf, off, end);
    default:
      return decodeTransport(c, buf, off, end, proto);
  }
}

/** A non-first fragment of a datagram that never completed: an IP packet without transport fields. */
export function lonelyFragment(c: DecodeContext): Result {
  const d = c.d;
  d.sport = d.dport = 0;
  d.payLen = d.dataLen = 0;
  return Result.Ip;
}

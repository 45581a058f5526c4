// UDP-carried tunnels, recognised by their IANA ports: VXLAN, VXLAN-GPE, Geneve, GTP-U.
import { Result, Tunnel } from './decoded.js';
import type { DecodeContext } from './context.js';
import { decodeEthernet, decodeEthertype } from './ethernet.js';
import { decodeIpv4 } from './ipv4.js';
import { decodeIpv6 } from './ipv6.js';
import { decodeNsh } from './nsh.js';

const PORT_VXLAN = 4789;
const PORT_VXLAN_GPE = 4790;
const PORT_GENEVE = 6081;
const PORT_GTPU = 2152;

/** Returns -1 when the datagram is not a tunnel this decoder follows (it is then plain UDP). */
export function decodeUdpTunnel(c: DecodeContext, buf: Buffer, off: number, end: number): Result | -1 {
  const d = c.d;
  const dport = d.dport;
  if (dport === PORT_VXLAN) {
    if (end - off < 8 + 14 || (buf[off] & 0x08) === 0) return -1;
    d.tunnels |= Tunnel.Vxlan;
    d.vni = buf.readUIntBE(off + 4, 3);
    return decodeEthernet(c, buf, off + 8, end);
  }
  if (dport === PORT_VXLAN_GPE) {
    if (end - off < 8) return -1;
    const next = buf[off + 3];
    if (next < 1 || next > 4) return -1;
    d.tunnels |= Tunnel.VxlanGpe;
    d.vni = buf.readUIntBE(off + 4, 3);
    if (next === 1) return decodeIpv4(c, buf, off + 8, end);
    if (next === 2) return decodeIpv6(c, buf, off + 8, end);
    if (next === 4) return decodeNsh(c, buf, off + 8, end);
    return decodeEthernet(c, buf, off + 8, end);
  }
  if (dport === PORT_GENEVE) {
    if (end - off < 8 || buf[off] >> 6 !== 0) return -1;
    const optLen = (buf[off] & 0x3f) * 4;
    const proto = buf.readUInt16BE(off + 2);
    if (end - off < 8 + optLen) return -1;
    d.tunnels |= Tunnel.Geneve;
    d.vni = buf.readUIntBE(off + 4, 3);
    return decodeEthertype(c, buf, off + 8 + optLen, end, proto);
  }
  if (dport === PORT_GTPU || d.sport === PORT_GTPU) {
    if (end - off < 8) return -1;
    const flags = buf[off];
    // Only GTPv1 user-plane G-PDUs (message type 255) carry IP.
    if (flags >> 5 !== 1 || buf[off + 1] !== 0xff) return -1;
    let p = off + 8;
    if (flags & 0x07) {
      if (end - p < 4) return -1;
      let nextExt = buf[p + 3];
      p += 4;
      while (nextExt !== 0) {
        if (end - p < 1) return -1;
        const len = buf[p] * 4;
        if (len === 0 || end - p < len) return -1;
        nextExt = buf[p + len - 1];
        p += len;
      }
    }
    if (p >= end) return -1;
    const v = buf[p] >> 4;
    if (v !== 4 && v !== 6) return -1;
    d.tunnels |= Tunnel.Gtp;
    return v === 4 ? decodeIpv4(c, buf, p, end) : decodeIpv6(c, buf, p, end);
  }
  return -1;
}

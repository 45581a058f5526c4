// The session key of a decoded packet: 11 uint32 words, the same for both directions. The session
// table looks sessions up by it, and the parallel engine's reader hashes it to pick the worker that
// owns the session, so both must build it from one place.
import { Result, type Decoded } from '../packet/decoded.js';

export const ETH_ARP = 0x0806;

/** Fills `k` with the key of an IP packet. */
export function ipKey(d: Decoded, vlanInKey: boolean, k: Uint32Array): void {
  const proto = d.ipProto;
  const ported = proto === 6 || proto === 17 || proto === 132;
  const sport = ported ? d.sport : 0;
  const dport = ported ? d.dport : 0;
  // Only 802.1ad service tags key a session: QinQ separates customers whose address space may
  // overlap, while 802.1Q tags are often present on one direction only (as Arkime's corpus shows).
  let vlan = 0;
  if (vlanInKey) {
    for (let i = 0; i < d.vlanCount; i++) if (d.vlanTpids[i] !== 0x8100) vlan = (Math.imul(vlan, 4099) + d.vlans[i] + 1) >>> 0;
  }
  // Canonical order: the smaller (address, port) end goes first so both directions share a key.
  let cmp = 0;
  for (let i = 0; i < 16 && cmp === 0; i++) cmp = d.src[i] - d.dst[i];
  if (cmp === 0) cmp = sport - dport;
  const a = cmp <= 0 ? d.src : d.dst;
  const b = cmp <= 0 ? d.dst : d.src;
  k[0] = (d.ipVersion << 28) | proto;
  k[10] = vlan;
  for (let w = 0; w < 4; w++) {
    const o = w * 4;
    k[1 + w] = ((a[o] << 24) | (a[o + 1] << 16) | (a[o + 2] << 8) | a[o + 3]) >>> 0;
    k[5 + w] = ((b[o] << 24) | (b[o + 1] << 16) | (b[o + 2] << 8) | b[o + 3]) >>> 0;
  }
  k[9] = cmp <= 0 ? ((sport << 16) | dport) >>> 0 : ((dport << 16) | sport) >>> 0;
  if (proto === 17 && sport + dport === 1093 && (sport === 546 || sport === 547)) {
    // DHCPv6: requests go to a multicast group, replies come from a server; one exchange per client.
    const client = sport === 546 ? d.src : d.dst;
    for (let w = 0; w < 4; w++) {
      const o = w * 4;
      k[1 + w] = ((client[o] << 24) | (client[o + 1] << 16) | (client[o + 2] << 8) | client[o + 3]) >>> 0;
      k[5 + w] = 0;
    }
    k[9] = (546 << 16) | 547;
    // ... and one session per exchange: the 24-bit transaction id follows the message type.
    if (d.payLen >= 4) k[5] = d.buf.readUIntBE(d.payOff + 1, 3);
  }
}

/** ARP: one session per address being resolved (the request's target, the reply's sender). False: not IPv4-over-Ethernet ARP. */
export function arpKey(d: Decoded, k: Uint32Array): boolean {
  const buf = d.buf;
  const o = d.ipOff;
  if (buf.length - o < 28 || buf.readUInt16BE(o + 2) !== 0x0800 || buf[o + 4] !== 6 || buf[o + 5] !== 4) return false;
  const op = buf.readUInt16BE(o + 6);
  k.fill(0);
  k[0] = (0xf << 28) | ETH_ARP;
  k[1] = op === 2 ? buf.readUInt32BE(o + 14) : buf.readUInt32BE(o + 24);
  return true;
}

/** Other non-IP frames: one session per ethertype (802.3: per length value) and MAC pair, as Arkime; LLDP one per link. */
export function linkKey(d: Decoded, k: Uint32Array): void {
  k.fill(0);
  k[0] = (0xe << 28) | d.ethertype;
  if (d.ethertype === 0x88cc) return;
  const lo = Math.min(d.macSrc, d.macDst);
  const hi = Math.max(d.macSrc, d.macDst);
  k[1] = Math.floor(lo / 0x10000);
  k[2] = lo % 0x10000;
  k[3] = Math.floor(hi / 0x10000);
  k[4] = hi % 0x10000;
}

/** Which kind of session a decoded packet belongs to, if any. */
export const enum KeyKind { None, Ip, Arp, Link }

export function keyKind(d: Decoded, r: Result): KeyKind {
  if (r === Result.Ip) return KeyKind.Ip;
  if (r === Result.NonIp && d.ethertype === ETH_ARP) return KeyKind.Arp;
  if (r === Result.NonIp && d.hasMac) return KeyKind.Link;
  return KeyKind.None;
}

/** The key of any packet's session; false when it belongs to none. */
export function sessionKey(d: Decoded, r: Result, vlanInKey: boolean, k: Uint32Array): boolean {
  switch (keyKind(d, r)) {
    case KeyKind.Ip: ipKey(d, vlanInKey, k); return true;
    case KeyKind.Arp: if (!arpKey(d, k)) linkKey(d, k); return true;
    case KeyKind.Link: linkKey(d, k); return true;
    default: return false;
  }
}

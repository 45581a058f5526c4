// Link-layer entry points, one per pcap LINKTYPE, registered in one table.
import { Result } from './decoded.js';
import type { DecodeContext } from './context.js';
import { decodeEthernet, decodeEthertype, ETH_IPV4, ETH_IPV6 } from './ethernet.js';
import { decodeIpv4 } from './ipv4.js';
import { decodeIpv6 } from './ipv6.js';
import { decodeCiscoHdlc, decodePpp } from './ppp.js';
import { decodeIeee80211, decodeRadiotap } from './ieee80211.js';

type LinkDecoder = (c: DecodeContext, buf: Buffer, off: number, end: number) => Result;

export const LINKTYPE = {
  NULL: 0,
  ETHERNET: 1,
  PPP: 9,
  RAW_OPENBSD: 12,
  RAW_BSD: 14,
  PPP_HDLC: 50,
  RAW: 101,
  C_HDLC: 104,
  IEEE802_11: 105,
  LOOP: 108,
  LINUX_SLL: 113,
  IEEE802_11_RADIOTAP: 127,
  IPV4: 228,
  IPV6: 229,
  NFLOG: 239,
  LINUX_SLL2: 276,
  FRELAY: 107,
  FDDI: 10,
  PPI: 192,
  ARCNET_LINUX: 129,
} as const;

function decodeRaw(c: DecodeContext, buf: Buffer, off: number, end: number): Result {
  if (end <= off) return Result.Corrupt;
  const v = buf[off] >> 4;
  if (v === 4) return decodeIpv4(c, buf, off, end);
  if (v === 6) return decodeIpv6(c, buf, off, end);
  return Result.Corrupt;
}

/** BSD loopback: a 4-byte address family in the capturing host's byte order (NULL) or network order (LOOP). */
function decodeNull(c: DecodeContext, buf: Buffer, off: number, end: number): Result {
  if (end - off < 4) return Result.Corrupt;
  const le = buf.readUInt32LE(off);
  const fam = le > 0xffff ? buf.readUInt32BE(off) : le;
  if (fam === 2) return decodeIpv4(c, buf, off + 4, end);
  if (fam === 10 || fam === 24 || fam === 28 || fam === 30) return decodeIpv6(c, buf, off + 4, end);
  return Result.NonIp;
}

/**
 * Linux ARCNET: source, destination, a 2-byte offset, then the protocol id. RFC 1201 ids (0xd4 IP,
 * 0xd5 ARP) carry a split flag and sequence number before the payload; RFC 1051 ids (0xf0 IP,
 * 0xf1 ARP) do not.
 */
function decodeArcnetLinux(c: DecodeContext, buf: Buffer, off: number, end: number): Result {
  if (end - off < 5) return Result.Corrupt;
  const proto = buf[off + 4];
  if (proto === 0xd4) return decodeIpv4(c, buf, off + 8, end);
  if (proto === 0xf0) return decodeIpv4(c, buf, off + 5, end);
  return Result.NonIp;
}

function decodeSll(c: DecodeContext, buf: Buffer, off: number, end: number): Result {
  if (end - off < 16) return Result.Corrupt;
  return decodeSllProto(c, buf, off + 16, end, buf.readUInt16BE(off + 14));
}

function decodeSll2(c: DecodeContext, buf: Buffer, off: number, end: number): Result {
  if (end - off < 20) return Result.Corrupt;
  return decodeSllProto(c, buf, off + 20, end, buf.readUInt16BE(off));
}

function decodeSllProto(c: DecodeContext, buf: Buffer, off: number, end: number, proto: number): Result {
  // Protocol values below 0x600 are Linux-internal (802.2, CAN...), not ethertypes.
  if (proto < 0x0600) return Result.NonIp;
  return decodeEthertype(c, buf, off, end, proto);
}

/** NFLOG: a 4-byte header then TLVs; TLV type 9 holds the packet, starting at its IP header. */
function decodeNflog(c: DecodeContext, buf: Buffer, off: number, end: number): Result {
  if (end - off < 4) return Result.Corrupt;
  const family = buf[off];
  let p = off + 4;
  while (end - p >= 4) {
    const len = buf.readUInt16LE(p);
    const type = buf.readUInt16LE(p + 2);
    if (len < 4 || p + len > end) return Result.Corrupt;
    if (type === 9) {
      return family === 10 ? decodeIpv6(c, buf, p + 4, p + len) : decodeIpv4(c, buf, p + 4, p + len);
    }
    p += (len + 3) & ~3;
  }
  return Result.NonIp;
}

/** Frame Relay (RFC 2427): 2-byte Q.922 address, UI control, then NLPID or SNAP. */
function decodeFrameRelay(c: DecodeContext, buf: Buffer, off: number, end: number): Result {
  if (end - off < 4) return Result.Corrupt;
  // Cisco encapsulation: the address is followed directly by an ethertype.
  if (buf[off + 2] !== 0x03) return decodeEthertype(c, buf, off + 4, end, buf.readUInt16BE(off + 2));
  const nlpid = buf[off + 3];
  if (nlpid === 0xcc) return decodeIpv4(c, buf, off + 4, end);
  if (nlpid === 0x8e) return decodeIpv6(c, buf, off + 4, end);
  if (nlpid === 0x80 && end - off >= 10) return decodeEthertype(c, buf, off + 10, end, buf.readUInt16BE(off + 8));
  if (nlpid === 0x00 && end - off >= 11 && buf[off + 4] === 0x80) return decodeEthertype(c, buf, off + 11, end, buf.readUInt16BE(off + 9));
  return Result.NonIp;
}

/** FDDI: frame control, two addresses, then 802.2 LLC/SNAP. */
function decodeFddi(c: DecodeContext, buf: Buffer, off: number, end: number): Result {
  if (end - off < 21) return Result.Corrupt;
  if (buf[off + 13] !== 0xaa || buf[off + 14] !== 0xaa || buf[off + 15] !== 0x03) return Result.NonIp;
  return decodeEthertype(c, buf, off + 21, end, buf.readUInt16BE(off + 19));
}

/** Per-Packet Information: a little-endian header naming the link type of what follows. */
function decodePpi(c: DecodeContext, buf: Buffer, off: number, end: number): Result {
  if (end - off < 8) return Result.Corrupt;
  const len = buf.readUInt16LE(off + 2);
  const dlt = buf.readUInt32LE(off + 4);
  const inner = dlt === LINKTYPE.PPI ? undefined : DECODERS.get(dlt);
  if (len < 8 || end - off < len || !inner) return Result.NonIp;
  return inner(c, buf, off + len, end);
}

const DECODERS = new Map<number, LinkDecoder>([
  [LINKTYPE.NULL, decodeNull],
  [LINKTYPE.LOOP, decodeNull],
  [LINKTYPE.ETHERNET, decodeEthernet],
  [LINKTYPE.PPP, decodePpp],
  [LINKTYPE.PPP_HDLC, decodePpp],
  [LINKTYPE.C_HDLC, decodeCiscoHdlc],
  [LINKTYPE.RAW, decodeRaw],
  [LINKTYPE.RAW_OPENBSD, decodeRaw],
  [LINKTYPE.RAW_BSD, decodeRaw],
  [LINKTYPE.IPV4, decodeRaw],
  [LINKTYPE.IPV6, decodeRaw],
  [LINKTYPE.LINUX_SLL, decodeSll],
  [LINKTYPE.LINUX_SLL2, decodeSll2],
  [LINKTYPE.IEEE802_11, decodeIeee80211],
  [LINKTYPE.IEEE802_11_RADIOTAP, decodeRadiotap],
  [LINKTYPE.NFLOG, decodeNflog],
  [LINKTYPE.FRELAY, decodeFrameRelay],
  [LINKTYPE.FDDI, decodeFddi],
  [LINKTYPE.PPI, decodePpi],
  [LINKTYPE.ARCNET_LINUX, decodeArcnetLinux],
]);

export function linkDecoder(linktype: number): LinkDecoder | undefined {
  return DECODERS.get(linktype);
}

export { ETH_IPV4, ETH_IPV6 };

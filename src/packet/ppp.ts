// PPP (RFC 1661, optional HDLC address/control), PPPoE session stage and Cisco HDLC.
import { Result, Tunnel } from './decoded.js';
import type { DecodeContext } from './context.js';
import { decodeIpv4 } from './ipv4.js';
import { decodeIpv6 } from './ipv6.js';
import { decodeEthertype } from './ethernet.js';

export function decodePpp(c: DecodeContext, buf: Buffer, off: number, end: number): Result {
  // Some captures labelled PPP hold Cisco HDLC frames (address 0x0f/0x8f, control 0).
  if (end - off >= 4 && (buf[off] === 0x0f || buf[off] === 0x8f) && buf[off + 1] === 0) return decodeCiscoHdlc(c, buf, off, end);
  if (end - off >= 2 && buf[off] === 0xff && buf[off + 1] === 0x03) off += 2;
  return decodePppProto(c, buf, off, end);
}

export function decodePppProto(c: DecodeContext, buf: Buffer, off: number, end: number): Result {
  if (end - off < 1) return Result.Corrupt;
  let proto: number;
  // Protocol-field compression: an odd first byte is a one-byte protocol.
  if (buf[off] & 1) {
    proto = buf[off];
    off += 1;
  } else {
    if (end - off < 2) return Result.Corrupt;
    proto = buf.readUInt16BE(off);
    off += 2;
  }
  if (proto === 0x21) return decodeIpv4(c, buf, off, end);
  if (proto === 0x57) return decodeIpv6(c, buf, off, end);
  c.d.ethertype = 0;
  return Result.NonIp;
}

export function decodePppoeSession(c: DecodeContext, buf: Buffer, off: number, end: number): Result {
  if (end - off < 6) return Result.Corrupt;
  c.d.tunnels |= Tunnel.Pppoe;
  const len = buf.readUInt16BE(off + 4);
  const stop = Math.min(end, off + 6 + len);
  return decodePppProto(c, buf, off + 6, stop);
}

export function decodeCiscoHdlc(c: DecodeContext, buf: Buffer, off: number, end: number): Result {
  if (end - off < 4) return Result.Corrupt;
  return decodeEthertype(c, buf, off + 4, end, buf.readUInt16BE(off + 2));
}

// 802.11 data frames (optionally behind a radiotap header) carrying LLC/SNAP-encapsulated IP.
import { Result } from './decoded.js';
import type { DecodeContext } from './context.js';
import { decodeEthertype } from './ethernet.js';

export function decodeRadiotap(c: DecodeContext, buf: Buffer, off: number, end: number): Result {
  if (end - off < 8 || buf[off] !== 0) return Result.Corrupt;
  const len = buf.readUInt16LE(off + 2);
  if (len < 8 || end - off < len) return Result.Corrupt;
  return decodeIeee80211(c, buf, off + len, end);
}

export function decodeIeee80211(c: DecodeContext, buf: Buffer, off: number, end: number): Result {
  if (end - off < 24) return Result.Corrupt;
  const fc = buf[off];
  const flags = buf[off + 1];
  if (((fc >> 2) & 3) !== 2) return Result.NonIp; // management and control frames
  if (flags & 0x40) return Result.NonIp; // protected: the payload is encrypted
  const subtype = fc >> 4;
  if (subtype & 0x4) return Result.NonIp; // null-data subtypes carry nothing
  let hl = 24;
  if ((flags & 0x03) === 0x03) hl += 6; // four-address (WDS) frame
  if (subtype & 0x8) hl += 2; // QoS control
  if ((subtype & 0x8) && (flags & 0x80)) hl += 4; // HT control (order bit)
  const p = off + hl;
  if (end - p < 8 || buf[p] !== 0xaa || buf[p + 1] !== 0xaa || buf[p + 2] !== 0x03) return Result.NonIp;
  // 802.11 addresses are radio hops, not Ethernet endpoints: like Arkime, mac.src/dst stay empty.
  return decodeEthertype(c, buf, p + 8, end, buf.readUInt16BE(p + 6));
}

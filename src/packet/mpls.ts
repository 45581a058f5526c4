// MPLS label stack; the payload type is not signalled, so it is guessed from the first nibble
// (4 = IPv4, 6 = IPv6, 0 = pseudowire control word followed by Ethernet), as tcpdump and Arkime do.
import { Result } from './decoded.js';
import type { DecodeContext } from './context.js';
import { decodeIpv4 } from './ipv4.js';
import { decodeIpv6 } from './ipv6.js';
import { decodeEthernet } from './ethernet.js';

export function decodeMpls(c: DecodeContext, buf: Buffer, off: number, end: number): Result {
  for (let labels = 0; ; labels++) {
    if (end - off < 4 || labels > 16) return Result.Corrupt;
    const bottom = (buf[off + 2] & 0x01) !== 0;
    off += 4;
    if (bottom) break;
  }
  if (off >= end) return Result.Corrupt;
  const nibble = buf[off] >> 4;
  if (nibble === 4) return decodeIpv4(c, buf, off, end);
  if (nibble === 6) return decodeIpv6(c, buf, off, end);
  if (nibble === 0) return decodeEthernet(c, buf, off + 4, end);
  return decodeEthernet(c, buf, off, end);
}

// Network Service Header (RFC 8300): a service path header whose length and next protocol are explicit.
import { Result } from './decoded.js';
import type { DecodeContext } from './context.js';
import { decodeIpv4 } from './ipv4.js';
import { decodeIpv6 } from './ipv6.js';
import { decodeEthernet } from './ethernet.js';

export function decodeNsh(c: DecodeContext, buf: Buffer, off: number, end: number): Result {
  if (end - off < 8) return Result.Corrupt;
  const len = (buf[off + 1] & 0x3f) * 4;
  if (len < 8 || end - off < len) return Result.Corrupt;
  const next = buf[off + 3];
  if (next === 1) return decodeIpv4(c, buf, off + len, end);
  if (next === 2) return decodeIpv6(c, buf, off + len, end);
  if (next === 3) return decodeEthernet(c, buf, off + len, end);
  return Result.NonIp;
}

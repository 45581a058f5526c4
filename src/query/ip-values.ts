// The value forms an IP field takes in Arkime's language: exact v4/v6 addresses, v4 CIDR blocks
// and short prefixes (`10.1` = 10.1.0.0/16), v6 CIDR blocks, the `ipv4`/`ipv6` family words, and
// a port after the address (`10.0.0.1:80`, `:80`, `2001:db8::1.80`, `.80`; v6 takes a dot because
// its colons are taken).
import { ipToString, parseIp } from '../session/ip-format.js';

export type IpMatch =
  | { kind: 'family'; version: 4 | 6 }
  /** One address, in the stored text form. */
  | { kind: 'exact'; text: string; version: 4 | 6 }
  /**
   * An IPv4 block: `prefix` is the dotted text of its whole leading octets, and when the mask ends
   * inside an octet, `octet` bounds that octet (1-based number n) to lo..hi.
   */
  | { kind: 'v4block'; prefix: string; octet: { n: number; lo: number; hi: number } | null }
  /** An IPv6 block as a range of 32-digit hex strings. */
  | { kind: 'v6block'; lo: string; hi: string };

export interface IpValue {
  addr: IpMatch | null;
  port: number | null;
}

/** Null when the text is no IP value form. */
export function parseIpValue(text: string): IpValue | null {
  if (text === 'ipv4' || text === 'ipv6') return { addr: { kind: 'family', version: text === 'ipv4' ? 4 : 6 }, port: null };
  const v6 = (text.match(/:/g)?.length ?? 0) >= 2 || (text.startsWith('.') && !text.includes(':'));
  let addrText = text;
  let portText: string | null = null;
  const sep = v6 ? text.lastIndexOf('.') : text.indexOf(':');
  // A v6 address may end in an embedded v4 (::ffff:1.2.3.4): only a dot after the last colon that
  // is followed by digits alone (or nothing) separates a port.
  if (sep >= 0 && (!v6 || (sep > text.lastIndexOf(':') && /^\d*$/.test(text.slice(sep + 1)) && !/\d+\.\d+\.\d+\.\d*$/.test(text)))) {
    addrText = text.slice(0, sep);
    portText = text.slice(sep + 1);
  }
  let port: number | null = null;
  if (portText !== null && portText !== '') {
    if (!/^\d{1,5}$/.test(portText) || Number(portText) > 65535) return null;
    port = Number(portText);
  }
  if (addrText === '') return port === null ? null : { addr: null, port };
  const addr = v6 ? parseV6(addrText) : parseV4(addrText);
  return addr ? { addr, port } : null;
}

function parseV4(text: string): IpMatch | null {
  const exact = /^\d+\.\d+\.\d+\.\d+$/.test(text) ? parseIp(text) : null;
  if (exact) return { kind: 'exact', text: ipToString(4, exact), version: 4 };
  const m = /^(\d{1,3})(?:\.(\d{1,3}))?(?:\.(\d{1,3}))?(?:\.(\d{1,3}))?\.?(?:\/(\d{1,2}))?$/.exec(text);
  if (!m) return null;
  const octets = m.slice(1, 5).filter((o) => o !== undefined).map(Number);
  const bits = m[5] !== undefined ? Number(m[5]) : octets.length * 8;
  if (octets.some((o) => o > 255) || bits > 32) return null;
  let base = 0;
  for (let i = 0; i < 4; i++) base = base * 256 + (octets[i] ?? 0);
  const size = 2 ** (32 - bits);
  const lo = Math.floor(base / size) * size;
  if (bits === 32) return { kind: 'exact', text: v4Text(lo), version: 4 };
  // Whole leading octets shared by every member: a cheap text prefix to narrow the scan.
  const whole = Math.floor(bits / 8);
  const prefix = whole ? v4Text(lo).split('.').slice(0, whole).join('.') + '.' : '';
  const shift = 8 * (3 - whole);
  const octet = bits % 8 ? { n: whole + 1, lo: Math.floor(lo / 2 ** shift) % 256, hi: Math.floor((lo + size - 1) / 2 ** shift) % 256 } : null;
  return { kind: 'v4block', prefix, octet };
}

function parseV6(text: string): IpMatch | null {
  const slash = text.indexOf('/');
  const bits = slash < 0 ? 128 : Number(text.slice(slash + 1));
  const bytes = parseIp(slash < 0 ? text : text.slice(0, slash));
  if (!bytes || bytes.length !== 16 || !Number.isInteger(bits) || bits < 0 || bits > 128) return null;
  if (bits === 128) return { kind: 'exact', text: ipToString(6, bytes), version: 6 };
  const lo = Uint8Array.from(bytes);
  const hi = Uint8Array.from(bytes);
  for (let bit = bits; bit < 128; bit++) {
    const mask = 0x80 >> bit % 8;
    lo[bit >> 3] &= ~mask;
    hi[bit >> 3] |= mask;
  }
  return { kind: 'v6block', lo: Buffer.from(lo).toString('hex'), hi: Buffer.from(hi).toString('hex') };
}

function v4Text(n: number): string {
  return [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join('.');
}

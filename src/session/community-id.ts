// Community ID v1 (https://github.com/corelight/community-id-spec): SHA-1 over
// seed, ordered addresses, protocol, a pad byte and ordered ports; ICMP types map to
// "ports" so that requests and their replies hash alike.
import { hash } from 'node:crypto';

const ICMP4_PAIRS: Record<number, number> = { 8: 0, 0: 8, 13: 14, 14: 13, 15: 16, 16: 15, 10: 9, 9: 10, 17: 18, 18: 17 };
const ICMP6_PAIRS: Record<number, number> = { 128: 129, 129: 128, 133: 134, 134: 133, 135: 136, 136: 135, 130: 131, 131: 130, 144: 145, 145: 144 };

export function communityId(proto: number, src: Uint8Array, dst: Uint8Array, sport: number, dport: number, seed = 0, base64 = true): string {
  let oneWay = false;
  if (proto === 1 || proto === 58) {
    const pairs = proto === 1 ? ICMP4_PAIRS : ICMP6_PAIRS;
    const type = sport;
    const mapped = pairs[type];
    if (mapped === undefined) oneWay = true;
    else dport = mapped;
  }
  const hasPorts = proto === 1 || proto === 58 || proto === 6 || proto === 17 || proto === 132;
  let swap = false;
  if (!oneWay) {
    const c = compareBytes(src, dst);
    swap = c > 0 || (c === 0 && hasPorts && sport > dport);
  }
  const a = swap ? dst : src;
  const b = swap ? src : dst;
  const pa = swap ? dport : sport;
  const pb = swap ? sport : dport;
  // One reused input buffer and a one-shot hash: ~90k sessions a second each made a hash object.
  const n = a.length;
  const buf = input;
  buf.writeUInt16BE(seed & 0xffff, 0);
  buf.set(a, 2);
  buf.set(b, 2 + n);
  let o = 2 + 2 * n;
  buf[o++] = proto;
  buf[o++] = 0;
  if (hasPorts) {
    buf.writeUInt16BE(pa & 0xffff, o);
    buf.writeUInt16BE(pb & 0xffff, o + 2);
    o += 4;
  }
  return '1:' + hash('sha1', buf.subarray(0, o), base64 ? 'base64' : 'hex');
}

const input = Buffer.alloc(2 + 32 + 6);

function compareBytes(a: Uint8Array, b: Uint8Array): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return a[i] - b[i];
  return a.length - b.length;
}

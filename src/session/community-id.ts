// Community ID v1 (https://github.com/corelight/community-id-spec): SHA-1 over
// seed, ordered addresses, protocol, a pad byte and ordered ports; ICMP types map to
// "ports" so that requests and their replies hash alike.
import { createHash } from 'node:crypto';

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
  const head = Buffer.alloc(2);
  head.writeUInt16BE(seed & 0xffff);
  const h = createHash('sha1');
  h.update(head);
  h.update(a);
  h.update(b);
  const tail = Buffer.alloc(hasPorts ? 6 : 2);
  tail[0] = proto;
  tail[1] = 0;
  if (hasPorts) {
    tail.writeUInt16BE(pa & 0xffff, 2);
    tail.writeUInt16BE(pb & 0xffff, 4);
  }
  h.update(tail);
  return '1:' + h.digest(base64 ? 'base64' : 'hex');
}

function compareBytes(a: Uint8Array, b: Uint8Array): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return a[i] - b[i];
  return a.length - b.length;
}

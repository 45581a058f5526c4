// Hex digests of fingerprint strings (JA3, JA3S, JA4 parts, HASSH). The same clients and servers
// send the same handshakes all day, so a bounded memo answers most of them without hashing.
import { hash } from 'node:crypto';

const MEMO_SIZE = 4096;
const memo = new Map<string, string>();

export function fingerprintDigest(alg: 'md5' | 'sha256', text: string): string {
  const key = alg === 'md5' ? `m${text}` : `s${text}`;
  let d = memo.get(key);
  if (d === undefined) {
    d = hash(alg, text, 'hex');
    if (memo.size >= MEMO_SIZE) memo.delete(memo.keys().next().value!);
    memo.set(key, d);
  }
  return d;
}

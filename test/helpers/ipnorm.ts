import { isIP } from 'node:net';

/** Canonical text of an address so that Arkime's expanded IPv6 form compares with ours. */
export function normIp(v: unknown): string | undefined {
  if (typeof v !== 'string') return undefined;
  if (isIP(v) !== 6) return v;
  let [head, tail] = v.split('::');
  const h = head ? head.split(':') : [];
  const t = tail !== undefined ? (tail ? tail.split(':') : []) : [];
  const words = tail !== undefined ? [...h, ...Array(8 - h.length - t.length).fill('0'), ...t] : h;
  return words.map((w) => parseInt(w, 16).toString(16)).join(':');
}

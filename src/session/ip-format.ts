// Text forms of addresses for storage and display (per session, not per packet).
export function ipToString(version: number, b: Uint8Array): string {
  if (version === 4) return `${b[0]}.${b[1]}.${b[2]}.${b[3]}`;
  const words: number[] = [];
  for (let i = 0; i < 16; i += 2) words.push((b[i] << 8) | b[i + 1]);
  // RFC 5952: compress the longest run (length >= 2) of zero words.
  let bestStart = -1, bestLen = 0;
  for (let i = 0; i < 8; ) {
    if (words[i] !== 0) { i++; continue; }
    let j = i;
    while (j < 8 && words[j] === 0) j++;
    if (j - i > bestLen && j - i >= 2) { bestStart = i; bestLen = j - i; }
    i = j;
  }
  const hex = words.map((w) => w.toString(16));
  if (bestStart < 0) return hex.join(':');
  return `${hex.slice(0, bestStart).join(':')}::${hex.slice(bestStart + bestLen).join(':')}`;
}

export function macToString(m: number): string {
  const s = m.toString(16).padStart(12, '0');
  return `${s.slice(0, 2)}:${s.slice(2, 4)}:${s.slice(4, 6)}:${s.slice(6, 8)}:${s.slice(8, 10)}:${s.slice(10, 12)}`;
}

/** Parses a textual IPv4 or IPv6 address into 4 or 16 bytes; null if it is not one. */
export function parseIp(text: string): Uint8Array | null {
  const v4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(text);
  if (v4) {
    const b = v4.slice(1).map(Number);
    return b.every((x) => x <= 255) ? Uint8Array.from(b) : null;
  }
  if (!text.includes(':')) return null;
  let [head, tail] = text.split('::') as [string, string | undefined];
  if (text.split('::').length > 2) return null;
  const h = head ? head.split(':') : [];
  const t = tail !== undefined && tail !== '' ? tail.split(':') : [];
  let tailBytes: number[] = [];
  // An embedded IPv4 tail (::ffff:1.2.3.4) stands for the last two words.
  const last = (tail !== undefined ? t : h)[((tail !== undefined ? t : h).length || 1) - 1];
  if (last && last.includes('.')) {
    const v = parseIp(last);
    if (!v || v.length !== 4) return null;
    tailBytes = [...v];
    if (tail !== undefined) t.pop();
    else h.pop();
  }
  const words = h.length + t.length + tailBytes.length / 2;
  if (tail === undefined ? words !== 8 : words > 7) return null;
  const out = new Uint8Array(16);
  const put = (ws: string[], at: number) => ws.forEach((w, i) => {
    const n = parseInt(w, 16);
    out[at + i * 2] = n >> 8;
    out[at + i * 2 + 1] = n & 0xff;
  });
  if (![...h, ...t].every((w) => /^[0-9a-fA-F]{1,4}$/.test(w))) return null;
  put(h, 0);
  put(t, 16 - tailBytes.length - t.length * 2);
  out.set(tailBytes, 16 - tailBytes.length);
  return out;
}

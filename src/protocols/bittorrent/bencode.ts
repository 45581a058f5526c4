// Bencoding (BEP 3), bounded: integers, byte strings, lists and dictionaries. DHT and tracker
// messages are small; anything deeper or longer than the bounds is treated as malformed.
export type BValue = number | Buffer | BValue[] | Map<string, BValue>;

const MAX_DEPTH = 8;
const MAX_ITEMS = 256;

/** Decodes the value at `p`; returns it and the offset after it, or null when malformed. */
export function bdecode(b: Buffer, p: number, end: number, depth = 0): [BValue, number] | null {
  if (p >= end || depth > MAX_DEPTH) return null;
  const c = b[p];
  if (c === 0x69 /* i */) {
    const e = b.indexOf(0x65, p + 1);
    if (e < 0 || e >= end || e - p > 21) return null;
    const n = Number(b.toString('latin1', p + 1, e));
    return Number.isFinite(n) ? [n, e + 1] : null;
  }
  if (c >= 0x30 && c <= 0x39) {
    let len = 0;
    let q = p;
    for (; q < end && b[q] >= 0x30 && b[q] <= 0x39 && q - p < 9; q++) len = len * 10 + b[q] - 0x30;
    if (q >= end || b[q] !== 0x3a || q + 1 + len > end) return null;
    return [b.subarray(q + 1, q + 1 + len), q + 1 + len];
  }
  if (c === 0x6c /* l */ || c === 0x64 /* d */) {
    const list: BValue[] = [];
    const dict = new Map<string, BValue>();
    let q = p + 1;
    for (let n = 0; q < end && b[q] !== 0x65; n++) {
      if (n >= MAX_ITEMS) return null;
      if (c === 0x64) {
        const k = bdecode(b, q, end, depth + 1);
        if (!k || !Buffer.isBuffer(k[0])) return null;
        const v = bdecode(b, k[1], end, depth + 1);
        if (!v) return null;
        dict.set(k[0].toString('latin1'), v[0]);
        q = v[1];
      } else {
        const v = bdecode(b, q, end, depth + 1);
        if (!v) return null;
        list.push(v[0]);
        q = v[1];
      }
    }
    if (q >= end) return null;
    return [c === 0x64 ? dict : list, q + 1];
  }
  return null;
}

// Mutations of real payloads: byte flips, truncations, splices, insertions, length-field smashes.
// A small seeded PRNG keeps a run reproducible from its seed.
export class Rng {
  constructor(private s: number) {}
  next(): number {
    // xorshift32
    let x = this.s;
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    this.s = x >>> 0;
    return this.s;
  }
  below(n: number): number {
    return n <= 0 ? 0 : this.next() % n;
  }
}

const INTERESTING = [0x00, 0x01, 0x7f, 0x80, 0xff, 0x20, 0x0a, 0x0d, 0x3a];

export function mutate(rng: Rng, a: Buffer, b: Buffer): Buffer {
  const out = Buffer.from(a);
  switch (rng.below(6)) {
    case 0: {
      // Flip a few bytes.
      for (let i = 0, n = 1 + rng.below(8); i < n && out.length; i++) out[rng.below(out.length)] ^= 1 << rng.below(8);
      return out;
    }
    case 1:
      return out.subarray(0, rng.below(out.length + 1));
    case 2: {
      // Splice: a prefix of one payload and a suffix of another.
      const cut = rng.below(a.length + 1);
      return Buffer.concat([a.subarray(0, cut), b.subarray(rng.below(b.length + 1))]);
    }
    case 3: {
      const at = rng.below(out.length + 1);
      const junk = Buffer.alloc(1 + rng.below(64));
      for (let i = 0; i < junk.length; i++) junk[i] = rng.below(256);
      return Buffer.concat([out.subarray(0, at), junk, out.subarray(at)]);
    }
    case 4: {
      // Overwrite 1-4 bytes (length fields) with boundary values.
      for (let i = 0, n = 1 + rng.below(4); i < n && out.length; i++) out[rng.below(out.length)] = INTERESTING[rng.below(INTERESTING.length)];
      return out;
    }
    default: {
      // Duplicate a slice (repeated records, nested lengths).
      const s = rng.below(out.length + 1);
      const e = s + rng.below(out.length - s + 1);
      return Buffer.concat([out.subarray(0, e), out.subarray(s, e), out.subarray(e)]);
    }
  }
}

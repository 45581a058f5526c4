// Open-addressing hash table from a canonical flow key (11 × uint32 in a typed array) to a
// session. Lookups hash and compare numbers only; no strings or objects are made per packet.
export const KEY_WORDS = 11;

/**
 * Buckets hold the value and its key's hash; the key itself is kept once per value, at the value's
 * `ix` (a session's place in SLOTS), not per bucket: at half load that is 44 bytes a session instead
 * of 88 to 176. A lookup compares keys only where the hash already matched.
 */
export class FlowTable<V extends { slot: number; ix: number }> {
  private cap: number;
  private vals: (V | undefined)[];
  private hashes: Uint32Array;
  /** Each value's key, at ix * KEY_WORDS. */
  private keyOf = new Uint32Array(1024 * KEY_WORDS);
  private count = 0;

  constructor(initialCapacity = 1 << 14) {
    this.cap = 1 << Math.ceil(Math.log2(Math.max(16, initialCapacity)));
    this.vals = new Array(this.cap);
    this.hashes = new Uint32Array(this.cap);
  }

  get size(): number {
    return this.count;
  }

  static hash(k: Uint32Array): number {
    let h = 0x811c9dc5;
    for (let i = 0; i < KEY_WORDS; i++) {
      h = Math.imul(h ^ k[i], 0x01000193);
      h ^= h >>> 15;
    }
    return h >>> 0;
  }

  private find(k: Uint32Array, h: number): number {
    const mask = this.cap - 1;
    let i = h & mask;
    for (;;) {
      const v = this.vals[i];
      if (v === undefined) return -1 - i;
      if (this.hashes[i] === h && this.sameKey(v.ix * KEY_WORDS, k)) return i;
      i = (i + 1) & mask;
    }
  }

  private sameKey(base: number, k: Uint32Array): boolean {
    const keys = this.keyOf;
    for (let w = 0; w < KEY_WORDS; w++) if (keys[base + w] !== k[w]) return false;
    return true;
  }

  get(k: Uint32Array): V | undefined {
    const i = this.find(k, FlowTable.hash(k));
    return i >= 0 ? this.vals[i] : undefined;
  }

  /** Inserts a value for a key known to be absent. */
  insert(k: Uint32Array, v: V): void {
    if ((this.count + 1) * 2 > this.cap) this.grow();
    const h = FlowTable.hash(k);
    const i = -1 - this.find(k, h);
    if ((v.ix + 1) * KEY_WORDS > this.keyOf.length) this.growKeys(v.ix);
    this.keyOf.set(k, v.ix * KEY_WORDS);
    this.place(i, v, h);
    this.count++;
  }

  private place(i: number, v: V, h: number): void {
    this.vals[i] = v;
    this.hashes[i] = h;
    v.slot = i;
  }

  /** Removes the entry at a value's slot, shifting later probe-chain members back (no tombstones). */
  remove(v: V): void {
    const mask = this.cap - 1;
    let i = v.slot;
    if (this.vals[i] !== v) return;
    this.vals[i] = undefined;
    this.count--;
    let j = i;
    for (;;) {
      j = (j + 1) & mask;
      const w = this.vals[j];
      if (w === undefined) return;
      const home = this.hashes[j] & mask;
      // Move w into the hole if its home is not cyclically within (i, j].
      const inRange = i <= j ? home > i && home <= j : home > i || home <= j;
      if (!inRange) {
        this.place(i, w, this.hashes[j]);
        this.vals[j] = undefined;
        i = j;
      }
    }
  }

  private grow(): void {
    const oldVals = this.vals;
    const oldHashes = this.hashes;
    this.cap *= 2;
    this.vals = new Array(this.cap);
    this.hashes = new Uint32Array(this.cap);
    const mask = this.cap - 1;
    for (let j = 0; j < oldVals.length; j++) {
      const v = oldVals[j];
      if (v === undefined) continue;
      let i = oldHashes[j] & mask;
      while (this.vals[i] !== undefined) i = (i + 1) & mask;
      this.place(i, v, oldHashes[j]);
    }
  }

  private growKeys(ix: number): void {
    let n = this.keyOf.length / KEY_WORDS;
    while (n <= ix) n *= 2;
    const keys = new Uint32Array(n * KEY_WORDS);
    keys.set(this.keyOf);
    this.keyOf = keys;
  }

  *values(): IterableIterator<V> {
    for (const v of this.vals) if (v !== undefined) yield v;
  }
}

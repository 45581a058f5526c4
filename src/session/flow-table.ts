// Open-addressing hash table from a canonical flow key (11 × uint32 in a typed array) to a
// session. Lookups hash and compare numbers only; no strings or objects are made per packet.
export const KEY_WORDS = 11;

export class FlowTable<V extends { slot: number }> {
  private cap: number;
  private keys: Uint32Array;
  private vals: (V | undefined)[];
  private count = 0;

  constructor(initialCapacity = 1 << 14) {
    this.cap = 1 << Math.ceil(Math.log2(Math.max(16, initialCapacity)));
    this.keys = new Uint32Array(this.cap * KEY_WORDS);
    this.vals = new Array(this.cap);
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
      const base = i * KEY_WORDS;
      let eq = true;
      for (let w = 0; w < KEY_WORDS; w++) {
        if (this.keys[base + w] !== k[w]) {
          eq = false;
          break;
        }
      }
      if (eq) return i;
      i = (i + 1) & mask;
    }
  }

  get(k: Uint32Array): V | undefined {
    const i = this.find(k, FlowTable.hash(k));
    return i >= 0 ? this.vals[i] : undefined;
  }

  /** Inserts a value for a key known to be absent. */
  insert(k: Uint32Array, v: V): void {
    if ((this.count + 1) * 2 > this.cap) this.grow();
    const i = -1 - this.find(k, FlowTable.hash(k));
    this.keys.set(k, i * KEY_WORDS);
    this.vals[i] = v;
    v.slot = i;
    this.count++;
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
      const home = FlowTable.hash(this.keys.subarray(j * KEY_WORDS, j * KEY_WORDS + KEY_WORDS)) & mask;
      // Move w into the hole if its home is not cyclically within (i, j].
      const inRange = i <= j ? home > i && home <= j : home > i || home <= j;
      if (!inRange) {
        this.keys.copyWithin(i * KEY_WORDS, j * KEY_WORDS, j * KEY_WORDS + KEY_WORDS);
        this.vals[i] = w;
        w.slot = i;
        this.vals[j] = undefined;
        i = j;
      }
    }
  }

  private grow(): void {
    const oldKeys = this.keys;
    const oldVals = this.vals;
    const oldCap = this.cap;
    this.cap *= 2;
    this.keys = new Uint32Array(this.cap * KEY_WORDS);
    this.vals = new Array(this.cap);
    this.count = 0;
    for (let i = 0; i < oldCap; i++) {
      const v = oldVals[i];
      if (v !== undefined) this.insert(oldKeys.subarray(i * KEY_WORDS, i * KEY_WORDS + KEY_WORDS), v);
    }
  }

  *values(): IterableIterator<V> {
    for (const v of this.vals) if (v !== undefined) yield v;
  }
}

// Counts each byte of a TCP direction once: retransmissions and overlaps add nothing, segments
// that arrive out of order count when they arrive. Offsets are relative to the stream start.
const MAX_RANGES = 32;

export class SeqTracker {
  /** Relative offset up to which the stream is contiguous. */
  private next = 0;
  /** Received ranges beyond `next`, sorted, non-overlapping: [start0, end0, start1, end1, ...]. */
  private ranges: number[] = [];

  constructor(private readonly base: number) {}

  /** Sequence number of the direction's first payload byte. */
  get start(): number {
    return this.base;
  }

  /** Returns how many bytes of [seq, seq+len) were not seen before. */
  add(seq: number, len: number): number {
    if (len <= 0) return 0;
    let s = (seq - this.base) >>> 0;
    // A segment far "behind" wraps to a huge offset; treat anything beyond 2^31 as old data.
    if (s >= 0x80000000) return 0;
    const e = s + len;
    if (e <= this.next) return 0;
    // The common case: in order, nothing pending beyond.
    if (s <= this.next && this.ranges.length === 0) {
      const fresh = e - this.next;
      this.next = e;
      return fresh;
    }
    if (s < this.next) s = this.next;
    let fresh = e - s;
    const r = this.ranges;
    for (let i = 0; i < r.length; i += 2) {
      const os = Math.max(s, r[i]);
      const oe = Math.min(e, r[i + 1]);
      if (oe > os) fresh -= oe - os;
    }
    this.insert(s, e);
    return fresh;
  }

  private insert(s: number, e: number): void {
    const r = this.ranges;
    const out: number[] = [];
    let placed = false;
    for (let i = 0; i < r.length; i += 2) {
      if (r[i + 1] < s) out.push(r[i], r[i + 1]);
      else if (r[i] > e) {
        if (!placed) {
          out.push(s, e);
          placed = true;
        }
        out.push(r[i], r[i + 1]);
      } else {
        s = Math.min(s, r[i]);
        e = Math.max(e, r[i + 1]);
      }
    }
    if (!placed) out.push(s, e);
    // Absorb the contiguous prefix into `next`.
    while (out.length && out[0] <= this.next) {
      this.next = Math.max(this.next, out[1]);
      out.splice(0, 2);
    }
    // Memory stays bounded: the oldest gaps are given up on.
    while (out.length > MAX_RANGES * 2) out.splice(0, 2);
    this.ranges = out;
  }
}

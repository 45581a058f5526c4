// Counts each byte of a TCP direction once: retransmissions and overlaps add nothing, segments
// that arrive out of order count when they arrive. Offsets are relative to the stream start.
// A direction's start and contiguous end live in SLOTS (seqBase*, seqNext*); the ranges received
// beyond a hole, which in-order streams never have, in the session's SessionMore.
import { F64_W, SLOTS } from './slots.js';
import { F64 } from './slot-numbers.js';
import { SessionMore } from './session-more.js';
import type { Session } from './session.js';

const MAX_RANGES = 32;
const NONE: number[] = [];

/** Sequence number of direction `dir`'s first payload byte, or -1 while unknown. */
export function seqStart(s: Session, dir: number): number {
  return SLOTS.f64[s.ix * F64_W + F64.seqBaseSrc + dir];
}

/** Fixes where direction `dir`'s stream starts (its SYN, or the SYN-ACK's acknowledgement). */
export function seqOpen(s: Session, dir: number, base: number): void {
  SLOTS.f64[s.ix * F64_W + F64.seqBaseSrc + dir] = base >>> 0;
  SLOTS.f64[s.ix * F64_W + F64.seqNextSrc + dir] = 0;
}

/** Returns how many bytes of [seq, seq+len) in direction `dir` were not seen before. */
export function seqAdd(s: Session, dir: number, seq: number, len: number): number {
  if (len <= 0) return 0;
  const f = SLOTS.f64;
  const at = s.ix * F64_W + F64.seqNextSrc + dir;
  const next = f[at];
  let st = (seq - f[s.ix * F64_W + F64.seqBaseSrc + dir]) >>> 0;
  // A segment far "behind" wraps to a huge offset; treat anything beyond 2^31 as old data.
  if (st >= 0x80000000) return 0;
  const e = st + len;
  if (e <= next) return 0;
  const r = s.more ? ranges(s.more, dir) : NONE;
  // The common case: in order, nothing pending beyond.
  if (st <= next && r.length === 0) {
    f[at] = e;
    return e - next;
  }
  if (st < next) st = next;
  let fresh = e - st;
  for (let i = 0; i < r.length; i += 2) {
    const os = Math.max(st, r[i]);
    const oe = Math.min(e, r[i + 1]);
    if (oe > os) fresh -= oe - os;
  }
  insert(s, dir, at, r, st, e);
  return fresh;
}

function ranges(m: SessionMore, dir: number): number[] {
  return dir === 0 ? m.rangesSrc : m.rangesDst;
}

/** Adds [st, e) to the ranges; what became contiguous moves into `next` (at SLOTS.f64[at]). */
function insert(s: Session, dir: number, at: number, r: number[], st: number, e: number): void {
  const out: number[] = [];
  let placed = false;
  for (let i = 0; i < r.length; i += 2) {
    if (r[i + 1] < st) out.push(r[i], r[i + 1]);
    else if (r[i] > e) {
      if (!placed) {
        out.push(st, e);
        placed = true;
      }
      out.push(r[i], r[i + 1]);
    } else {
      st = Math.min(st, r[i]);
      e = Math.max(e, r[i + 1]);
    }
  }
  if (!placed) out.push(st, e);
  // Absorb the contiguous prefix into `next`.
  const f = SLOTS.f64;
  while (out.length && out[0] <= f[at]) {
    f[at] = Math.max(f[at], out[1]);
    out.splice(0, 2);
  }
  // Memory stays bounded: the oldest gaps are given up on.
  while (out.length > MAX_RANGES * 2) out.splice(0, 2);
  const m = (s.more ??= new SessionMore());
  const keep = out.length ? out : NONE;
  if (dir === 0) m.rangesSrc = keep;
  else m.rangesDst = keep;
}

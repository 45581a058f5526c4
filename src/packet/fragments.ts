// IPv4 and IPv6 fragment reassembly. Fragments are rare, so this path may allocate (it copies
// fragment bytes and keys datagrams by a short string); the common path never comes here.
import { Result } from './decoded.js';
import type { DecodeContext } from './context.js';
import { decodeIpPayload } from './ip-common.js';

/** Where a fragment came from, so the reassembled packet can account for every frame. */
export interface FragmentOrigin {
  fileId: number;
  filePos: number;
  caplen: number;
  frameLen: number;
  tsUs: number;
  /** Bytes of the IP payload this fragment carried (set when stored). */
  fragLen?: number;
  /** A copy of the frame and its link type, to account for it alone if its datagram never completes. */
  frame?: Buffer;
  linktype?: number;
}

interface Piece {
  offset: number;
  data: Buffer;
}

interface Pending {
  first: number;
  bytes: number;
  pieces: Piece[];
  origins: FragmentOrigin[];
  total: number;
  proto: number;
}

export const FRAG_TIMEOUT_US = 30e6;
const MAX_PENDING = 8192;
const MAX_HELD_BYTES = 64 << 20;
const MAX_DATAGRAM = 65535 + 40;

export class FragmentTable {
  private readonly pending = new Map<string, Pending>();
  /** Supplied by the pipeline before each decode; read when a fragment is stored. */
  origin: () => FragmentOrigin = () => ({ fileId: 0, filePos: 0, caplen: 0, frameLen: 0, tsUs: 0 });
  /** Frames that made up the datagram completed by the last decode (empty otherwise). */
  completed: FragmentOrigin[] = [];
  /** Frames of datagrams that never completed: the pipeline accounts each one on its own. */
  expired: FragmentOrigin[] = [];
  /** Fragments that could not be held (inconsistent offsets). */
  dropped = 0;
  /** False in a parallel engine's worker: datagrams expire only when the reader says (force). */
  ownClock = true;
  private lastSweep = 0;
  private heldBytes = 0;

  get size(): number {
    return this.pending.size;
  }

  addV4(c: DecodeContext, buf: Buffer, ipOff: number, ihl: number, end: number, frag: number): Result {
    const key = '4' + buf.toString('latin1', ipOff + 4, ipOff + 6) + buf.toString('latin1', ipOff + 9, ipOff + 10) + buf.toString('latin1', ipOff + 12, ipOff + 20);
    const offset = (frag & 0x1fff) * 8;
    const more = (frag & 0x2000) !== 0;
    return this.add(c, key, offset, more, buf, ipOff + ihl, end, c.d.ipProto);
  }

  addV6(c: DecodeContext, buf: Buffer, ipOff: number, fragHdr: number, end: number, fo: number, id: number): Result {
    const key = '6' + id + buf.toString('latin1', ipOff + 8, ipOff + 40);
    return this.add(c, key, fo & 0xfff8, (fo & 1) !== 0, buf, fragHdr + 8, end, buf[fragHdr]);
  }

  private add(c: DecodeContext, key: string, offset: number, more: boolean, buf: Buffer, off: number, end: number, proto: number): Result {
    this.completed = [];
    this.sweep(c.tsUs);
    const len = Math.max(0, end - off);
    if (offset + len > MAX_DATAGRAM || (more && len % 8 !== 0)) {
      this.dropped++;
      return Result.Corrupt;
    }
    let p = this.pending.get(key);
    if (!p) {
      // Bounded memory: past the limits the oldest datagrams are given up (and accounted frame by frame).
      while (this.pending.size >= MAX_PENDING || this.heldBytes > MAX_HELD_BYTES) this.expireOldest();
      p = { first: c.tsUs, bytes: 0, pieces: [], origins: [], total: -1, proto };
      this.pending.set(key, p);
    }
    p.pieces.push({ offset, data: Buffer.from(buf.subarray(off, off + len)) });
    const origin = this.origin();
    origin.fragLen = len;
    p.origins.push(origin);
    const held = len + (origin.frame?.length ?? 0);
    p.bytes += held;
    this.heldBytes += held;
    if (!more) p.total = offset + len;
    if (offset === 0) p.proto = proto;
    if (p.total < 0 || !covers(p.pieces, p.total)) return Result.Fragment;
    this.pending.delete(key);
    this.heldBytes -= p.bytes;
    const whole = Buffer.alloc(p.total);
    // Copy later arrivals first so that, where fragments overlap, the first copy wins.
    for (let i = p.pieces.length - 1; i >= 0; i--) {
      const pc = p.pieces[i];
      pc.data.copy(whole, pc.offset, 0, Math.min(pc.data.length, p.total - pc.offset));
    }
    this.completed = p.origins;
    const d = c.d;
    d.reassembled = true;
    d.buf = whole;
    d.ipProto = p.proto;
    return decodeIpPayload(c, whole, 0, whole.length, whole.length, p.proto);
  }

  /** Gives up on datagrams whose first fragment is older than the timeout (packet time), or all. */
  sweep(nowUs: number, force = false): void {
    if (!force && !this.ownClock) return;
    if (!force && nowUs - this.lastSweep < 1e6) return;
    this.lastSweep = nowUs;
    for (const [k, p] of this.pending) {
      if (force || nowUs - p.first > FRAG_TIMEOUT_US) this.giveUp(k, p);
    }
  }

  private expireOldest(): void {
    const first = this.pending.entries().next().value;
    if (first) this.giveUp(first[0], first[1]);
  }

  private giveUp(key: string, p: Pending): void {
    this.pending.delete(key);
    this.heldBytes -= p.bytes;
    for (const o of p.origins) this.expired.push(o);
  }
}

function covers(pieces: Piece[], total: number): boolean {
  const sorted = pieces.slice().sort((a, b) => a.offset - b.offset);
  let reach = 0;
  for (const pc of sorted) {
    if (pc.offset > reach) return false;
    reach = Math.max(reach, pc.offset + pc.data.length);
  }
  return reach >= total;
}

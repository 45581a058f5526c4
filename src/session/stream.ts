// In-order delivery of a TCP session's two directions to its parser. Out-of-order segments wait in
// a bounded buffer; retransmitted and overlapping bytes are delivered once (the first copy wins); when the
// buffer would overflow, the gap is given up and delivery resumes after it.
import { retain } from './retain.js';
import { grow } from './grow.js';

const MAX_PENDING_SEGMENTS = 64;
const MAX_PENDING_BYTES = 256 * 1024;

/** Receives in-order bytes of a direction (the session's application layer). */
export interface StreamSink {
  feed(dir: number, buf: Buffer, off: number, len: number): void;
  /** Bytes of direction `dir` were lost (never captured): what follows is not contiguous. */
  gap?(dir: number): void;
  /** The process-wide hold-back budget is spent: this session stops parsing (its SPI stays). */
  overLimit?(): void;
}

/**
 * Out-of-order bytes held by all streams of the process together. Past `limit`, a session that
 * needs to hold more stops parsing instead (Arkime does the same past its per-session limits):
 * memory stays bounded however many sessions arrive out of order at once. `refused` counts them.
 */
export const streamMemory = { held: 0, limit: 256 * 1024 * 1024, refused: 0 };

interface Held {
  seq: number;
  data: Buffer;
}
/** Shared until a segment arrives out of order (most streams never hold one). */
const NOTHING_HELD: Held[] = [];

/** Out-of-order segments and their bytes, per direction; made when a session first holds one. */
class HeldSegments {
  lists: Held[][] = [NOTHING_HELD, NOTHING_HELD];
  bytes = [0, 0];
}

/**
 * Both directions of a TCP session's byte stream, kept in the fields of the object that consumes
 * them (the session's application layer extends this): a stream object per direction cost 48
 * bytes for a next sequence number, and most sessions never hold a segment.
 */
export abstract class TcpStreams implements StreamSink {
  /** The next sequence number expected per direction, as an int32: only differences mod 2^32 matter, and an int32 field needs no box. */
  private next0 = 0;
  private next1 = 0;
  /** Bit `dir` is set once that direction's stream has started. */
  private started = 0;
  private held: HeldSegments | null = null;

  abstract feed(dir: number, buf: Buffer, off: number, len: number): void;
  abstract gap(dir: number): void;
  abstract overLimit(): void;

  /** Bytes [off, off+len) of `buf` at sequence number `seq`; a direction's first call sets where its stream starts. */
  pushStream(dir: number, start: number, seq: number, buf: Buffer, off: number, len: number): void {
    if ((this.started & (1 << dir)) === 0) {
      this.started |= 1 << dir;
      this.setNext(dir, start);
    }
    if (len <= 0) return;
    const ahead = (seq - this.nextOf(dir)) | 0;
    if (ahead > 0) {
      const h = this.held;
      const count = h === null ? 0 : h.lists[dir].length;
      const bytes = h === null ? 0 : h.bytes[dir];
      if (count < MAX_PENDING_SEGMENTS && bytes + len <= MAX_PENDING_BYTES) {
        if (streamMemory.held + len > streamMemory.limit) {
          streamMemory.refused++;
          this.releaseStreams();
          this.overLimit();
          return;
        }
        const hs = (this.held ??= new HeldSegments());
        hs.lists[dir] = grow(hs.lists[dir], { seq, data: retain(buf.subarray(off, off + len)) });
        hs.bytes[dir] += len;
        streamMemory.held += len;
        return;
      }
      // No room to wait for the missing bytes: skip the gap.
      this.gap(dir);
      this.setNext(dir, seq);
    }
    this.deliverFrom(dir, seq, buf, off, len);
    if (this.held !== null) this.drain(dir);
  }

  /** Drops whatever is held (the session ended or stopped parsing) and gives its bytes back. */
  releaseStreams(): void {
    const h = this.held;
    if (h === null) return;
    streamMemory.held -= h.bytes[0] + h.bytes[1];
    this.held = null;
  }

  private nextOf(dir: number): number {
    return dir === 0 ? this.next0 : this.next1;
  }

  private setNext(dir: number, seq: number): void {
    if (dir === 0) this.next0 = seq | 0;
    else this.next1 = seq | 0;
  }

  private deliverFrom(dir: number, seq: number, buf: Buffer, off: number, len: number): void {
    const skip = (this.nextOf(dir) - seq) | 0;
    if (skip >= len) return;
    const s = Math.max(0, skip);
    this.setNext(dir, seq + len);
    this.feed(dir, buf, off + s, len - s);
  }

  private drain(dir: number): void {
    for (let progressed = true; progressed; ) {
      progressed = false;
      const h = this.held;
      if (h === null) return;
      const list = h.lists[dir];
      for (let i = 0; i < list.length; i++) {
        const seg = list[i];
        if (((seg.seq - this.nextOf(dir)) | 0) <= 0) {
          list.splice(i, 1);
          h.bytes[dir] -= seg.data.length;
          streamMemory.held -= seg.data.length;
          this.deliverFrom(dir, seg.seq, seg.data, 0, seg.data.length);
          progressed = true;
          break;
        }
      }
    }
  }
}

// In-order delivery of one TCP direction to a parser. Out-of-order segments wait in a bounded
// buffer; retransmitted and overlapping bytes are delivered once (the first copy wins); when the
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

export class StreamDir {
  /** The next sequence number expected, as an int32: only differences mod 2^32 matter, and an int32 field needs no box. */
  private next: number;
  private held: Held[] = NOTHING_HELD;
  private heldBytes = 0;

  constructor(start: number) {
    this.next = start | 0;
  }

  /** Bytes [off, off+len) of `buf` at sequence number `seq`, for direction `dir` of `sink`. */
  push(sink: StreamSink, dir: number, seq: number, buf: Buffer, off: number, len: number): void {
    if (len <= 0) return;
    const ahead = (seq - this.next) | 0;
    if (ahead > 0) {
      if (this.held.length < MAX_PENDING_SEGMENTS && this.heldBytes + len <= MAX_PENDING_BYTES) {
        if (streamMemory.held + len > streamMemory.limit) {
          streamMemory.refused++;
          this.release();
          sink.overLimit?.();
          return;
        }
        this.held = grow(this.held, { seq, data: retain(buf.subarray(off, off + len)) });
        this.heldBytes += len;
        streamMemory.held += len;
        return;
      }
      // No room to wait for the missing bytes: skip the gap.
      sink.gap?.(dir);
      this.next = seq | 0;
      this.deliverFrom(sink, dir, seq, buf, off, len);
      this.drain(sink, dir);
      return;
    }
    this.deliverFrom(sink, dir, seq, buf, off, len);
    this.drain(sink, dir);
  }

  /** Drops whatever is held (the session ended or stopped parsing) and gives its bytes back. */
  release(): void {
    streamMemory.held -= this.heldBytes;
    this.heldBytes = 0;
    this.held = NOTHING_HELD;
  }

  private deliverFrom(sink: StreamSink, dir: number, seq: number, buf: Buffer, off: number, len: number): void {
    const skip = (this.next - seq) | 0;
    if (skip >= len) return;
    const s = Math.max(0, skip);
    this.next = (seq + len) | 0;
    sink.feed(dir, buf, off + s, len - s);
  }

  private drain(sink: StreamSink, dir: number): void {
    for (let progressed = true; progressed && this.held.length; ) {
      progressed = false;
      for (let i = 0; i < this.held.length; i++) {
        const h = this.held[i];
        if (((h.seq - this.next) | 0) <= 0) {
          this.held.splice(i, 1);
          this.heldBytes -= h.data.length;
          streamMemory.held -= h.data.length;
          this.deliverFrom(sink, dir, h.seq, h.data, 0, h.data.length);
          progressed = true;
          break;
        }
      }
    }
  }
}

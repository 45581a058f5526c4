// A batch: the packets (and clock events) a reader hands one worker, packed into one ArrayBuffer
// that moves between threads by transfer. Each entry is a 32-byte header, then the frame's bytes
// padded to 8:
//   0 kind u8 | 2 linktype u16 | 4 caplen u32 | 8 origlen u32 | 12 fileId u32 | 16 filePos f64 | 24 tsUs f64
import type { RawPacket } from '../../pcap/raw-packet.js';

export const enum Entry {
  /** A frame to decode and account. */
  Packet = 1,
  /** A fragment frame whose datagram the reader gave up on: accounted alone. */
  Expired = 2,
  /** The reader's session clock ticked (tsUs): close idle sessions. */
  Sweep = 3,
  /** Unrelated input follows: close every session. */
  Flush = 4,
}

const HEADER = 32;
export const BATCH_BYTES = 256 << 10;

export class BatchWriter {
  buf: Buffer;
  len = 0;
  /** Packet entries in the batch. */
  packets = 0;

  constructor(ab: ArrayBuffer) {
    this.buf = Buffer.from(ab);
  }

  get arrayBuffer(): ArrayBuffer {
    return this.buf.buffer as ArrayBuffer;
  }

  /** Whether an entry with `caplen` bytes of frame still fits. */
  fits(caplen: number): boolean {
    return this.len + HEADER + caplen + 7 <= this.buf.length;
  }

  static bytesFor(caplen: number): number {
    return HEADER + caplen + 7;
  }

  frame(kind: Entry, data: Uint8Array, off: number, caplen: number, origlen: number, linktype: number, fileId: number, filePos: number, tsUs: number): void {
    const b = this.buf;
    const o = this.len;
    b[o] = kind;
    b.writeUInt16LE(linktype, o + 2);
    b.writeUInt32LE(caplen, o + 4);
    b.writeUInt32LE(origlen >>> 0, o + 8);
    b.writeUInt32LE(fileId >>> 0, o + 12);
    b.writeDoubleLE(filePos, o + 16);
    b.writeDoubleLE(tsUs, o + 24);
    b.set(data.subarray(off, off + caplen), o + HEADER);
    this.len = o + HEADER + ((caplen + 7) & ~7);
    this.packets++;
  }

  event(kind: Entry, tsUs: number): void {
    const b = this.buf;
    const o = this.len;
    b[o] = kind;
    b.writeDoubleLE(tsUs, o + 24);
    this.len = o + HEADER;
  }
}

export interface BatchHandler {
  packet(p: RawPacket, fileId: number): void;
  expired(p: RawPacket, fileId: number): void;
  sweep(tsUs: number): void;
  flush(): void;
}

/** Walks a batch's entries; `p` is reused for every frame (its bytes are the batch's). */
export function readBatch(buf: Buffer, len: number, p: RawPacket, h: BatchHandler): void {
  p.data = buf;
  for (let o = 0; o < len;) {
    const kind = buf[o];
    const tsUs = buf.readDoubleLE(o + 24);
    if (kind === Entry.Sweep || kind === Entry.Flush) {
      if (kind === Entry.Sweep) h.sweep(tsUs);
      else h.flush();
      o += HEADER;
      continue;
    }
    const caplen = buf.readUInt32LE(o + 4);
    p.linktype = buf.readUInt16LE(o + 2);
    p.caplen = caplen;
    p.origlen = buf.readUInt32LE(o + 8);
    p.filePos = buf.readDoubleLE(o + 16);
    p.tsUs = tsUs;
    p.off = o + HEADER;
    p.recordLen = 0;
    p.index = 0;
    const fileId = buf.readUInt32LE(o + 12);
    if (kind === Entry.Packet) h.packet(p, fileId);
    else h.expired(p, fileId);
    o += HEADER + ((caplen + 7) & ~7);
  }
}

/**
 * One captured frame as handed from a reader to the pipeline. A single instance is reused for
 * every packet of a file: consumers must copy what they keep (the bytes live in a reader chunk).
 */
export class RawPacket {
  data: Buffer = Buffer.alloc(0);
  /** Offset of the frame's first byte in `data`. */
  off = 0;
  caplen = 0;
  origlen = 0;
  /** Capture time, microseconds since the epoch. */
  tsUs = 0;
  linktype = 1;
  /** Byte offset of the packet's record (pcap record header / pcapng block) in the uncompressed file. */
  filePos = 0;
  /** Bytes the record occupies in the file, header included. */
  recordLen = 0;
  /** Ordinal of the packet in its file, starting at 1 (as tshark's frame.number). */
  index = 0;
}

export class CaptureFormatError extends Error {
  constructor(message: string, readonly offset: number) {
    super(message);
  }
}

/** Format parser fed with consecutive slices of a file; it consumes whole records only. */
export interface FormatParser {
  readonly format: 'pcap' | 'pcapng';
  /** Parses as many complete records as `buf` holds; returns bytes consumed. `base` = file offset of buf[0]. */
  parse(buf: Buffer, base: number, emit: (p: RawPacket) => void): number;
  /** Link types seen so far (per interface for pcapng). */
  linktypes(): number[];
}

export const MAX_RECORD = 1 << 20;

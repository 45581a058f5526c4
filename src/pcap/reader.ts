// Streams a capture file (pcap or pcapng, optionally gzip/zstd compressed) packet by packet.
// Damage never discards what came before it: the result names the offset and the reason.
import { createHash } from 'node:crypto';
import { stat } from 'node:fs/promises';
import { detectCompression, readChunks, DecompressError, type Compression } from './byte-source.js';
import { PcapParser, PCAP_MAGIC_NS, PCAP_MAGIC_US } from './pcap-format.js';
import { PcapngParser, PCAPNG_SHB } from './pcapng-format.js';
import { CaptureFormatError, MAX_RECORD, type FormatParser, type RawPacket } from './raw-packet.js';

/** Bytes of a new chunk copied to complete a record that straddles the boundary: first a few, then up to the largest record. */
const SMALL_BRIDGE = 8192;
const BRIDGE = MAX_RECORD + 65536;

export interface ReadResult {
  format: 'pcap' | 'pcapng' | 'unknown';
  compression: Compression;
  packets: number;
  /** Uncompressed bytes consumed as whole records. */
  bytes: number;
  fileSize: number;
  linktypes: number[];
  sha256: string;
  /** Set when the file could not be read to its end. */
  error?: { offset: number; reason: string };
}

export function parserFor(head: Buffer): FormatParser | null {
  if (head.length < 4) return null;
  const le = head.readUInt32LE(0);
  const be = head.readUInt32BE(0);
  if (le === PCAPNG_SHB) return new PcapngParser();
  if (le === PCAP_MAGIC_US || le === PCAP_MAGIC_NS || be === PCAP_MAGIC_US || be === PCAP_MAGIC_NS) return new PcapParser();
  return null;
}

export interface ReadOptions {
  /** Called with the count of raw (possibly compressed) bytes as they are read, for progress. */
  onRawBytes?: (n: number) => void;
  /** Awaited after each chunk's packets were handed over: lets consumers drain their output. */
  afterChunk?: () => Promise<void>;
  /** Polled after each chunk: returning true ends reading early (not an error). */
  stop?: () => boolean;
  /** Size of the read buffer of an uncompressed file (default 4 MiB; tests use small ones for many chunk boundaries). */
  chunkBytes?: number;
}

export async function readCapture(path: string, onPacket: (p: RawPacket) => void, opts: ReadOptions = {}): Promise<ReadResult> {
  const compression = await detectCompression(path);
  const fileSize = (await stat(path)).size;
  const hash = createHash('sha256');
  const result: ReadResult = { format: 'unknown', compression, packets: 0, bytes: 0, fileSize, linktypes: [], sha256: '' };
  let parser: FormatParser | null = null;
  let pending: Buffer | null = null;
  let base = 0;
  const count = (p: RawPacket) => {
    result.packets++;
    onPacket(p);
  };
  const onRaw = (n: number) => opts.onRawBytes?.(n);
  const detect = (b: Buffer): FormatParser | null => {
    if (b.length < 4) return null;
    const p = parserFor(b);
    if (!p) throw new CaptureFormatError('not a pcap or pcapng file (unknown magic number)', 0);
    result.format = p.format;
    return p;
  };
  try {
    for await (const chunk of readChunks(path, compression, onRaw, opts.chunkBytes)) {
      if (compression === 'none') hash.update(chunk);
      let rest = chunk;
      if (pending && pending.length) {
        // Bridge the record that straddles the chunk boundary by copying only as much of the
        // chunk's head as completes it (a few KiB; up to the largest record if that is not enough);
        // everything after it is parsed in place.
        let bridged = false;
        for (const n of [SMALL_BRIDGE, BRIDGE]) {
          const head = Buffer.concat([pending, chunk.subarray(0, Math.min(chunk.length, n))]);
          if (!parser) parser = detect(head);
          if (!parser) {
            pending = head;
            break;
          }
          const used = parser.parse(head, base, count);
          base += used;
          if (used >= pending.length) {
            rest = chunk.subarray(used - pending.length);
            pending = null;
            bridged = true;
            break;
          }
          pending = pending.subarray(used);
          if (n >= chunk.length) break;
        }
        if (!parser) continue;
        if (!bridged) {
          pending = Buffer.concat([pending!, chunk]);
          if (opts.afterChunk) await opts.afterChunk();
          continue;
        }
      }
      if (!parser) parser = detect(rest);
      if (!parser) {
        pending = Buffer.from(rest);
        continue;
      }
      const used = parser.parse(rest, base, count);
      base += used;
      pending = used < rest.length ? Buffer.from(rest.subarray(used)) : null;
      if (opts.afterChunk) await opts.afterChunk();
      if (opts.stop?.()) return finish(result, parser, base, path, hash, true);
    }
    if (!parser) {
      result.error = { offset: 0, reason: pending && pending.length ? 'file too short to be a capture' : 'empty file' };
    } else if (pending && pending.length) {
      result.error = { offset: base, reason: `truncated record: ${pending.length} bytes at end of file do not form a whole record` };
    }
  } catch (e) {
    if (e instanceof CaptureFormatError) result.error = { offset: e.offset, reason: e.message };
    else if (e instanceof DecompressError) result.error = { offset: base, reason: `decompression failed: ${e.message}` };
    else throw e;
  }
  return finish(result, parser, base, path, hash, false);
}

async function finish(result: ReadResult, parser: FormatParser | null, base: number, path: string, hash: ReturnType<typeof createHash>, early: boolean): Promise<ReadResult> {
  result.bytes = base;
  result.linktypes = parser ? parser.linktypes() : [];
  if (early) return result;
  // The digest covers the file as stored; compressed or damaged files are hashed in a second pass.
  result.sha256 = result.compression === 'none' && !result.error ? hash.digest('hex') : await sha256File(path);
  return result;
}

export async function sha256File(path: string): Promise<string> {
  const { createReadStream } = await import('node:fs');
  const h = createHash('sha256');
  for await (const c of createReadStream(path, { highWaterMark: 1 << 20 })) h.update(c as Buffer);
  return h.digest('hex');
}

// Resolves a session's recorded packet positions to packet bytes. Every reader of packets goes
// through this interface so that a remote node can later serve the same calls.
import { open, type FileHandle } from 'node:fs/promises';
import type { FileEntry } from '../store/store.js';
import { readCapture } from './reader.js';
import { BlockCache } from './block-cache.js';
import { PromiseLru } from './lru.js';

export interface StoredPacket {
  fileId: number;
  filePos: number;
  tsUs: number;
  linktype: number;
  origlen: number;
  data: Buffer;
}

export interface PacketSource {
  /**
   * Yields the packets at the given positions of one file, in position order. `lengths` (the
   * sessions' recorded record lengths, same order) lets a reader fetch each record in one read.
   * `readAhead`: many sessions are being read around a common time frontier (exports); a reader
   * may read large blocks and keep them, and each packet's `data` is then only valid until the
   * generator is resumed (the caller copies what it keeps).
   */
  read(file: FileEntry, positions: ArrayLike<number>, lengths?: ArrayLike<number>, readAhead?: boolean): AsyncGenerator<StoredPacket>;
  /** Releases cached file handles. */
  close(): Promise<void>;
}

/** One file's share of a session's packets: record offsets, and record lengths (0 when unknown). */
export interface FilePositions {
  positions: Float64Array;
  lengths: Int32Array;
}

/**
 * Decodes Arkime-style position lists (negative = switch to that file id) into per-file offsets,
 * as typed arrays: an export holds these for every session it has open.
 */
export function positionsByFile(packetPos: ArrayLike<number>, fileIds: ArrayLike<number>, packetLen: ArrayLike<number> = []): Map<number, FilePositions> {
  const counts = new Map<number, number>();
  let current = fileIds[0] ?? 0;
  for (let i = 0; i < packetPos.length; i++) {
    const p = packetPos[i];
    if (p < 0) current = -p;
    else counts.set(current, (counts.get(current) ?? 0) + 1);
  }
  const out = new Map<number, FilePositions & { n: number }>();
  for (const [id, n] of counts) out.set(id, { positions: new Float64Array(n), lengths: new Int32Array(n), n: 0 });
  current = fileIds[0] ?? 0;
  for (let i = 0; i < packetPos.length; i++) {
    const p = packetPos[i];
    if (p < 0) {
      current = -p;
      continue;
    }
    const f = out.get(current)!;
    f.positions[f.n] = p;
    f.lengths[f.n++] = packetLen[i] ?? 0;
  }
  return out;
}

/** A session document's positions per file (its packetPos, fileId and packetLen fields). */
export function sessionPositions(doc: Record<string, unknown>): Map<number, FilePositions> {
  return positionsByFile((doc.packetPos as number[]) ?? [], (doc.fileId as number[]) ?? [], (doc.packetLen as number[]) ?? []);
}

/**
 * The packets at those positions, file after file. `fileOf` resolves a file id and throws what
 * the caller wants said when the file is unknown or its packets are gone.
 */
export async function* readPositions(byFile: Map<number, FilePositions>, source: PacketSource, fileOf: (id: number) => Promise<FileEntry>, readAhead = false): AsyncGenerator<StoredPacket> {
  for (const [fileId, { positions, lengths }] of byFile) yield* source.read(await fileOf(fileId), positions, lengths, readAhead);
}

/** Open capture files kept for reuse: an export reads from many sessions' files at once. */
const MAX_OPEN = 64;

interface PcapFile {
  fh: FileHandle;
  le: boolean;
  nanos: boolean;
  linktype: number;
}

export class LocalPacketSource implements PacketSource {
  // Reads in flight on an evicted file finish first: it is closed a while later.
  private readonly open = new PromiseLru<PcapFile>(MAX_OPEN, (h) => void h.then((f) => setTimeout(() => void f.fh.close(), 5000), () => undefined));
  private readonly blocks = new BlockCache();

  async close(): Promise<void> {
    const all = this.open.clear();
    this.blocks.clear();
    for (const f of all) await (await f.catch(() => null))?.fh.close();
  }

  private pcapFile(path: string): Promise<PcapFile> {
    return this.open.get(path, async () => {
      const fh = await open(path, 'r');
      const gh = Buffer.alloc(24);
      await fh.read(gh, 0, 24, 0);
      const magicLe = gh.readUInt32LE(0);
      const le = magicLe === 0xa1b2c3d4 || magicLe === 0xa1b23c4d;
      const nanos = (le ? magicLe : gh.readUInt32BE(0)) === 0xa1b23c4d;
      const linktype = (le ? gh.readUInt32LE(20) : gh.readUInt32BE(20)) & 0x0fffffff;
      return { fh, le, nanos, linktype };
    });
  }

  async *read(file: FileEntry, positions: ArrayLike<number>, lengths?: ArrayLike<number>, readAhead = false): AsyncGenerator<StoredPacket> {
    if (file.format === 'pcap' && file.compression === 'none') {
      yield* this.readPcapDirect(file, positions, lengths, readAhead);
      return;
    }
    const wanted = Array.from(positions).sort((a, b) => a - b);
    // pcapng (block context needed) and compressed files: stream until the last wanted record.
    const want = new Set(wanted);
    const last = wanted[wanted.length - 1] ?? -1;
    const found: StoredPacket[] = [];
    let reached = false;
    await readCapture(file.path, (p) => {
      if (p.filePos > last) reached = true;
      if (!want.has(p.filePos)) return;
      found.push({ fileId: file.id, filePos: p.filePos, tsUs: p.tsUs, linktype: p.linktype, origlen: p.origlen, data: Buffer.from(p.data.subarray(p.off, p.off + p.caplen)) });
    }, { stop: () => reached });
    if (found.length !== want.size) throw new Error(`file ${file.path}: ${want.size - found.length} recorded packet positions were not found; the file changed since import`);
    yield* found;
  }

  private async *readPcapDirect(file: FileEntry, positions: ArrayLike<number>, lengths: ArrayLike<number> | undefined, readAhead: boolean): AsyncGenerator<StoredPacket> {
    const { fh, le, nanos, linktype } = await this.pcapFile(file.path);
    let scratch = Buffer.alloc(0);
    for (let i = 0; i < positions.length; i++) {
      const pos = positions[i];
      const known = lengths?.[i] ?? 0;
      // With the record length known, header and data come in one read; else the header first.
      let rec: Buffer, bytesRead: number;
      if (readAhead) {
        // One scratch buffer per generator, reused for every packet it yields.
        const want = known >= 16 ? known : 16;
        if (scratch.length < want) scratch = Buffer.allocUnsafeSlow(Math.max(want, 2 * scratch.length));
        bytesRead = await this.blocks.readInto(fh, file.path, pos, want, scratch);
        rec = scratch;
      } else {
        rec = Buffer.allocUnsafe(known >= 16 ? known : 16);
        bytesRead = (await fh.read(rec, 0, rec.length, pos)).bytesRead;
      }
      if (bytesRead < 16) throw new Error(`file ${file.path}: no packet record at byte ${pos}`);
      const sec = le ? rec.readUInt32LE(0) : rec.readUInt32BE(0);
      const frac = le ? rec.readUInt32LE(4) : rec.readUInt32BE(4);
      const caplen = le ? rec.readUInt32LE(8) : rec.readUInt32BE(8);
      const origlen = le ? rec.readUInt32LE(12) : rec.readUInt32BE(12);
      if (caplen > 1 << 20) throw new Error(`file ${file.path}: corrupt packet record at byte ${pos}`);
      let data: Buffer;
      if (known === caplen + 16 && bytesRead >= known) data = rec.subarray(16, known);
      else {
        data = Buffer.alloc(caplen);
        await fh.read(data, 0, caplen, pos + 16);
      }
      yield { fileId: file.id, filePos: pos, tsUs: sec * 1e6 + (nanos ? Math.floor(frac / 1000) : frac), linktype, origlen, data };
    }
  }
}

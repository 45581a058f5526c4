// Rolling capture files: `<node>-<YYMMDD-HHMMSS>-<seq>.pcap`, rolled at a size and an age, written
// in whole batches (large sequential writes). Each file is registered in the store when it opens
// (so sessions may point into it at once) and completed — size, packets, first/last time,
// SHA-256 — when it closes.
import { createHash, type Hash } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import type { FileEntry, Store } from '../store/store.js';
import { PcapParser } from '../pcap/pcap-format.js';

export type FsyncPolicy = 'never' | 'roll' | 'batch';

export interface WriterOptions {
  dir: string;
  node: string;
  linktype: number;
  snaplen: number;
  maxBytes: number;
  maxAgeMs: number;
  fsync: FsyncPolicy;
}

interface OpenFile {
  fh: FileHandle;
  entry: FileEntry;
  hash: Hash;
  openedAt: number;
  /** Reads the records back for the pipeline: fed the header, then each batch at its offset. */
  parser: PcapParser;
}

let seq = 0;

export class RollingWriter {
  private file: OpenFile | null = null;

  constructor(private readonly store: Store, private o: WriterOptions) {
    this.o = { ...o };
    mkdirSync(o.dir, { recursive: true });
  }

  /** Appends one batch of pcap records; returns the file and the parser that reads it back. */
  async write(batch: Buffer, count: number, now = Date.now()): Promise<{ entry: FileEntry; base: number; parser: PcapParser }> {
    let f = this.file;
    if (f && f.entry.packets > 0 && (f.entry.size + batch.length > this.o.maxBytes || now - f.openedAt >= this.o.maxAgeMs)) {
      await this.roll();
      f = null;
    }
    if (!f) f = this.file = await this.openFile(now);
    const base = f.entry.size;
    await f.fh.write(batch, 0, batch.length, base);
    if (this.o.fsync === 'batch') await f.fh.datasync();
    f.hash.update(batch);
    const e = f.entry;
    e.size += batch.length;
    e.packets += count;
    return { entry: e, base, parser: f.parser };
  }

  /** Closes the file being written when it is older than the age limit (called on a timer). */
  async rollIfOld(now = Date.now()): Promise<void> {
    if (this.file && this.file.entry.packets > 0 && now - this.file.openedAt >= this.o.maxAgeMs) await this.roll();
  }

  /** New roll limits (a configuration reload); they apply from the next batch. */
  setLimits(maxBytes: number, maxAgeMs: number): void {
    this.o.maxBytes = maxBytes;
    this.o.maxAgeMs = maxAgeMs;
  }

  currentFileId(): number | null {
    return this.file?.entry.id ?? null;
  }

  async roll(): Promise<void> {
    const f = this.file;
    if (!f) return;
    this.file = null;
    if (this.o.fsync !== 'never') await f.fh.sync();
    await f.fh.close();
    f.entry.sha256 = f.hash.digest('hex');
    await this.store.completeFile(f.entry);
  }

  private async openFile(now: number): Promise<OpenFile> {
    const d = new Date(now);
    const p2 = (n: number) => String(n).padStart(2, '0');
    const stamp = `${p2(d.getUTCFullYear() % 100)}${p2(d.getUTCMonth() + 1)}${p2(d.getUTCDate())}-${p2(d.getUTCHours())}${p2(d.getUTCMinutes())}${p2(d.getUTCSeconds())}`;
    const path = join(this.o.dir, `${this.o.node}-${stamp}-${String(++seq).padStart(4, '0')}.pcap`);
    const fh = await open(path, 'wx');
    const header = Buffer.alloc(24);
    header.writeUInt32LE(0xa1b2c3d4, 0);
    header.writeUInt16LE(2, 4);
    header.writeUInt16LE(4, 6);
    header.writeUInt32LE(this.o.snaplen, 16);
    header.writeUInt32LE(this.o.linktype, 20);
    await fh.write(header, 0, 24, 0);
    const hash = createHash('sha256').update(header);
    const entry: FileEntry = {
      id: await this.store.nextFileId(this.o.node), node: this.o.node, path, format: 'pcap', compression: 'none', linktypes: [this.o.linktype],
      firstPacket: null, lastPacket: null, size: 24, packets: 0, sha256: null, fingerprint: `live:${path}`, importedAt: now, error: null,
    };
    await this.store.registerFile(entry);
    const parser = new PcapParser();
    parser.parse(header, 0, () => undefined);
    return { fh, entry, hash, openedAt: now, parser };
  }
}

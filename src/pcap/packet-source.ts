// Resolves a session's recorded packet positions to packet bytes. Every reader of packets goes
// through this interface so that a remote node can later serve the same calls.
import { open } from 'node:fs/promises';
import type { FileEntry } from '../store/store.js';
import { readCapture } from './reader.js';

export interface StoredPacket {
  fileId: number;
  filePos: number;
  tsUs: number;
  linktype: number;
  origlen: number;
  data: Buffer;
}

export interface PacketSource {
  /** Yields the packets at the given positions of one file, in position order. */
  read(file: FileEntry, positions: number[]): AsyncGenerator<StoredPacket>;
}

/** Decodes Arkime-style position lists (negative = switch to that file id) into per-file offsets. */
export function positionsByFile(packetPos: number[], fileIds: number[]): Map<number, number[]> {
  const out = new Map<number, number[]>();
  let current = fileIds[0] ?? 0;
  for (const p of packetPos) {
    if (p < 0) {
      current = -p;
      continue;
    }
    let list = out.get(current);
    if (!list) out.set(current, (list = []));
    list.push(p);
  }
  return out;
}

export class LocalPacketSource implements PacketSource {
  async *read(file: FileEntry, positions: number[]): AsyncGenerator<StoredPacket> {
    const wanted = [...positions].sort((a, b) => a - b);
    if (file.format === 'pcap' && file.compression === 'none') {
      yield* this.readPcapDirect(file, wanted);
      return;
    }
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

  private async *readPcapDirect(file: FileEntry, wanted: number[]): AsyncGenerator<StoredPacket> {
    const fh = await open(file.path, 'r');
    try {
      const gh = Buffer.alloc(24);
      await fh.read(gh, 0, 24, 0);
      const magicLe = gh.readUInt32LE(0);
      const le = magicLe === 0xa1b2c3d4 || magicLe === 0xa1b23c4d;
      const nanos = (le ? magicLe : gh.readUInt32BE(0)) === 0xa1b23c4d;
      const linktype = (le ? gh.readUInt32LE(20) : gh.readUInt32BE(20)) & 0x0fffffff;
      const rh = Buffer.alloc(16);
      for (const pos of wanted) {
        const { bytesRead } = await fh.read(rh, 0, 16, pos);
        if (bytesRead < 16) throw new Error(`file ${file.path}: no packet record at byte ${pos}`);
        const sec = le ? rh.readUInt32LE(0) : rh.readUInt32BE(0);
        const frac = le ? rh.readUInt32LE(4) : rh.readUInt32BE(4);
        const caplen = le ? rh.readUInt32LE(8) : rh.readUInt32BE(8);
        const origlen = le ? rh.readUInt32LE(12) : rh.readUInt32BE(12);
        if (caplen > 1 << 20) throw new Error(`file ${file.path}: corrupt packet record at byte ${pos}`);
        const data = Buffer.alloc(caplen);
        await fh.read(data, 0, caplen, pos + 16);
        yield { fileId: file.id, filePos: pos, tsUs: sec * 1e6 + (nanos ? Math.floor(frac / 1000) : frac), linktype, origlen, data };
      }
    } finally {
      await fh.close();
    }
  }
}

// Read-ahead for exports: many sessions' packets are read around a common time frontier, which in
// a time-ordered capture is a narrow band of file offsets. Reading that band in large aligned
// blocks, kept in a small LRU, turns one read per packet into one read per block.
import type { FileHandle } from 'node:fs/promises';

export class BlockCache {
  private readonly blocks = new Map<string, Promise<Buffer>>();

  constructor(private readonly blockSize = 1 << 20, private readonly maxBlocks = 8) {}

  /** Copies `len` bytes at `pos` of the file into `out` (fewer at its end); returns how many. */
  async readInto(fh: FileHandle, key: string, pos: number, len: number, out: Buffer): Promise<number> {
    let done = 0;
    while (done < len) {
      const at = pos + done;
      const index = Math.floor(at / this.blockSize);
      const block = await this.block(fh, key, index);
      const from = at - index * this.blockSize;
      if (from >= block.length) break;
      done += block.copy(out, done, from, Math.min(block.length, from + len - done));
      if (block.length < this.blockSize) break;
    }
    return done;
  }

  private block(fh: FileHandle, key: string, index: number): Promise<Buffer> {
    const id = `${index}:${key}`;
    let b = this.blocks.get(id);
    if (b) {
      this.blocks.delete(id);
      this.blocks.set(id, b);
      return b;
    }
    b = (async () => {
      const buf = Buffer.allocUnsafe(this.blockSize);
      const { bytesRead } = await fh.read(buf, 0, this.blockSize, index * this.blockSize);
      return buf.subarray(0, bytesRead);
    })();
    this.blocks.set(id, b);
    b.catch(() => this.blocks.delete(id));
    if (this.blocks.size > this.maxBlocks) this.blocks.delete(this.blocks.keys().next().value!);
    return b;
  }

  clear(): void {
    this.blocks.clear();
  }
}

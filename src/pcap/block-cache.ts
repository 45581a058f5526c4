// Read-ahead for exports: many sessions' packets are read around a common time frontier, which in
// a time-ordered capture is a narrow band of file offsets. Reading that band in large aligned
// blocks, kept in a small LRU, turns one read per packet into one read per block.
import type { FileHandle } from 'node:fs/promises';
import { PromiseLru } from './lru.js';

export class BlockCache {
  private readonly blocks: PromiseLru<Buffer>;

  constructor(private readonly blockSize = 1 << 20, maxBlocks = 8) {
    this.blocks = new PromiseLru(maxBlocks);
  }

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
    return this.blocks.get(`${index}:${key}`, async () => {
      const buf = Buffer.allocUnsafe(this.blockSize);
      const { bytesRead } = await fh.read(buf, 0, this.blockSize, index * this.blockSize);
      return buf.subarray(0, bytesRead);
    });
  }

  clear(): void {
    this.blocks.clear();
  }
}

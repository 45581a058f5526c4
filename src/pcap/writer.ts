// Writes classic pcap (microsecond, little-endian) to any writable stream, honouring back-pressure.
import type { Writable } from 'node:stream';

export class PcapWriter {
  private buffered: Buffer[] = [];
  private size = 0;
  packets = 0;

  constructor(private readonly out: Writable, linktype: number, snaplen = 262144) {
    const h = Buffer.alloc(24);
    h.writeUInt32LE(0xa1b2c3d4, 0);
    h.writeUInt16LE(2, 4);
    h.writeUInt16LE(4, 6);
    h.writeUInt32LE(snaplen, 16);
    h.writeUInt32LE(linktype, 20);
    this.push(h);
  }

  private push(b: Buffer): void {
    this.buffered.push(b);
    this.size += b.length;
  }

  async write(tsUs: number, data: Buffer, origlen: number): Promise<void> {
    const h = Buffer.alloc(16);
    const sec = Math.floor(tsUs / 1e6);
    h.writeUInt32LE(sec >>> 0, 0);
    h.writeUInt32LE(Math.round(tsUs - sec * 1e6), 4);
    h.writeUInt32LE(data.length, 8);
    h.writeUInt32LE(origlen, 12);
    this.push(h);
    this.push(Buffer.from(data));
    this.packets++;
    if (this.size >= 1 << 20) await this.flush();
  }

  async flush(): Promise<void> {
    if (!this.buffered.length) return;
    const chunk = Buffer.concat(this.buffered, this.size);
    this.buffered = [];
    this.size = 0;
    if (!this.out.write(chunk)) await new Promise<void>((r) => this.out.once('drain', () => r()));
  }

  async end(): Promise<void> {
    await this.flush();
    await new Promise<void>((resolve, reject) => {
      this.out.once('error', reject);
      this.out.end(() => resolve());
    });
  }
}

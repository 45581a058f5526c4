// Capture writers for exports: classic pcap (microseconds, little-endian) when every packet fits
// it, pcapng (one interface per link type, 64-bit microsecond timestamps) when they do not.
import type { Writable } from 'node:stream';

export class OutputClosedError extends Error {}

/** Waits for a stream to drain; rejects when it closes first (the client went away). */
export function drained(out: Writable): Promise<void> {
  if (out.destroyed) return Promise.reject(new OutputClosedError('output closed'));
  return new Promise<void>((resolve, reject) => {
    const done = () => {
      out.off('drain', onDrain);
      out.off('close', onClose);
    };
    const onDrain = () => (done(), resolve());
    const onClose = () => (done(), reject(new OutputClosedError('output closed')));
    out.once('drain', onDrain);
    out.once('close', onClose);
  });
}

const STAGE = 1 << 20;

/**
 * Records are written straight into a 1 MiB staging buffer (no buffer per packet: an export of
 * millions of packets would otherwise churn millions of small allocations); a full stage is
 * handed to the output and a fresh one started.
 */
abstract class BufferedWriter {
  private stage = Buffer.allocUnsafeSlow(STAGE);
  private used = 0;
  private full: Buffer[] = [];
  packets = 0;

  constructor(private readonly out: Writable) {}

  /** `n` zeroed bytes in the stage: the buffer and the offset to fill them at. */
  protected reserve(n: number): [Buffer, number] {
    if (this.used + n > this.stage.length) {
      if (this.used) this.full.push(this.stage.subarray(0, this.used));
      this.stage = Buffer.allocUnsafeSlow(Math.max(STAGE, n));
      this.used = 0;
    }
    const at = this.used;
    this.used += n;
    this.stage.fill(0, at, this.used);
    return [this.stage, at];
  }

  protected push(b: Buffer): void {
    const [buf, at] = this.reserve(b.length);
    b.copy(buf, at);
  }

  protected async packetWritten(): Promise<void> {
    this.packets++;
    if (this.full.length) await this.writeFull();
  }

  private async writeFull(): Promise<void> {
    const chunks = this.full;
    this.full = [];
    for (const c of chunks) if (!this.out.write(c)) await drained(this.out);
  }

  async flush(): Promise<void> {
    if (this.used) this.full.push(this.stage.subarray(0, this.used));
    this.stage = Buffer.allocUnsafeSlow(STAGE);
    this.used = 0;
    await this.writeFull();
  }

  async end(): Promise<void> {
    await this.flush();
    await new Promise<void>((resolve, reject) => {
      this.out.once('error', reject);
      this.out.end(() => resolve());
    });
  }
}

export class PcapWriter extends BufferedWriter {
  constructor(out: Writable, linktype: number, snaplen = 262144) {
    super(out);
    const h = Buffer.alloc(24);
    h.writeUInt32LE(0xa1b2c3d4, 0);
    h.writeUInt16LE(2, 4);
    h.writeUInt16LE(4, 6);
    h.writeUInt32LE(snaplen, 16);
    h.writeUInt32LE(linktype, 20);
    this.push(h);
  }

  /** Classic pcap holds unsigned 32-bit seconds: 1970 to 2106. */
  static fits(tsUs: number): boolean {
    return tsUs >= 0 && tsUs < 4294967296e6;
  }

  async write(tsUs: number, data: Buffer, origlen: number): Promise<void> {
    const [h, o] = this.reserve(16 + data.length);
    const sec = Math.floor(tsUs / 1e6);
    h.writeUInt32LE(sec >>> 0, o);
    h.writeUInt32LE(Math.round(tsUs - sec * 1e6), o + 4);
    h.writeUInt32LE(data.length, o + 8);
    h.writeUInt32LE(origlen, o + 12);
    data.copy(h, o + 16);
    await this.packetWritten();
  }
}

export class PcapngWriter extends BufferedWriter {
  private readonly ifaces = new Map<number, number>();

  constructor(out: Writable) {
    super(out);
    const shb = Buffer.alloc(28);
    shb.writeUInt32LE(0x0a0d0d0a, 0);
    shb.writeUInt32LE(28, 4);
    shb.writeUInt32LE(0x1a2b3c4d, 8);
    shb.writeUInt16LE(1, 12);
    shb.writeInt32LE(-1, 16);
    shb.writeInt32LE(-1, 20);
    shb.writeUInt32LE(28, 24);
    this.push(shb);
  }

  private iface(linktype: number): number {
    let id = this.ifaces.get(linktype);
    if (id === undefined) {
      id = this.ifaces.size;
      this.ifaces.set(linktype, id);
      const idb = Buffer.alloc(20);
      idb.writeUInt32LE(1, 0);
      idb.writeUInt32LE(20, 4);
      idb.writeUInt16LE(linktype, 8);
      idb.writeUInt32LE(262144, 12);
      idb.writeUInt32LE(20, 16);
      this.push(idb);
    }
    return id;
  }

  async write(tsUs: number, data: Buffer, origlen: number, linktype: number): Promise<void> {
    const id = this.iface(linktype);
    const pad = (4 - (data.length % 4)) % 4;
    const len = 32 + data.length + pad;
    const [b, o] = this.reserve(len);
    const t = Math.max(0, Math.round(tsUs));
    const hi = Math.floor(t / 4294967296);
    b.writeUInt32LE(6, o);
    b.writeUInt32LE(len, o + 4);
    b.writeUInt32LE(id, o + 8);
    b.writeUInt32LE(hi >>> 0, o + 12);
    b.writeUInt32LE((t - hi * 4294967296) >>> 0, o + 16);
    b.writeUInt32LE(data.length, o + 20);
    b.writeUInt32LE(origlen, o + 24);
    data.copy(b, o + 28);
    b.writeUInt32LE(len, o + len - 4);
    await this.packetWritten();
  }
}

// A large capture written as a stream (never held whole): many TCP connections whose packets
// interleave in time, so that an export has to merge them.
import { createWriteStream } from 'node:fs';
import { ethernet, ipv4, tcp, TCP_FLAGS as F } from '../../src/pcap/frame-builder.js';

/** Writes about `bytes` of capture; returns the packet count. */
export async function writeBigCapture(path: string, bytes: number, connections = 2000): Promise<number> {
  const out = createWriteStream(path);
  const gh = Buffer.alloc(24);
  gh.writeUInt32LE(0xa1b2c3d4, 0);
  gh.writeUInt16LE(2, 4);
  gh.writeUInt16LE(4, 6);
  gh.writeUInt32LE(262144, 16);
  gh.writeUInt32LE(1, 20);
  out.write(gh);
  const payload = Buffer.alloc(1400, 0x61);
  // One template frame per connection; only sequence numbers change, patched in place.
  const frames = Array.from({ length: connections }, (_, i) => ethernet('02:00:00:00:00:01', '02:00:00:00:00:02', 0x0800,
    ipv4({ src: `10.${(i >> 8) & 255}.${i & 255}.1`, dst: '10.255.0.1', proto: 6 }, tcp({ sport: 20000 + (i % 40000), dport: 443, seq: 1, ack: 1, flags: F.ACK }, payload))));
  const seqOff = 14 + 20 + 4;
  let written = 24, packets = 0;
  let t = Date.UTC(2026, 0, 1) * 1000;
  const seq = new Uint32Array(connections).fill(1);
  while (written < bytes) {
    const i = packets % connections;
    const f = Buffer.from(frames[i]);
    f.writeUInt32BE(seq[i], seqOff);
    seq[i] = (seq[i] + payload.length) >>> 0;
    const rh = Buffer.alloc(16);
    t += 7;
    rh.writeUInt32LE(Math.floor(t / 1e6), 0);
    rh.writeUInt32LE(t % 1e6, 4);
    rh.writeUInt32LE(f.length, 8);
    rh.writeUInt32LE(f.length, 12);
    if (!out.write(Buffer.concat([rh, f]))) await new Promise<void>((r) => out.once("drain", () => r()));
    written += 16 + f.length;
    packets++;
  }
  await new Promise<void>((r, j) => out.end((e?: Error | null) => (e ? j(e) : r())));
  return packets;
}

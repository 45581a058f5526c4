// Packets on the wire between a node and a viewer: a 32-byte header per packet (file position,
// time in µs, link type, original and captured length), then the captured bytes.
import type { StoredPacket } from '../pcap/packet-source.js';

const HEAD = 32;

export function packetFrame(p: StoredPacket): Buffer {
  const b = Buffer.allocUnsafe(HEAD + p.data.length);
  b.writeDoubleLE(p.filePos, 0);
  b.writeDoubleLE(p.tsUs, 8);
  b.writeUInt32LE(p.linktype, 16);
  b.writeUInt32LE(p.origlen, 20);
  b.writeUInt32LE(p.data.length, 24);
  b.writeUInt32LE(0, 28);
  p.data.copy(b, HEAD);
  return b;
}

/**
 * Parses frames from a byte stream; yields each packet whole, whatever the chunking. Packets are
 * views of the received chunks (never written to again), not copies.
 */
export async function* readFrames(chunks: AsyncIterable<Buffer>, fileId: number): AsyncGenerator<StoredPacket> {
  let buf: Buffer = Buffer.alloc(0);
  for await (const c of chunks) {
    buf = buf.length ? Buffer.concat([buf, c]) : c;
    let at = 0;
    while (buf.length - at >= HEAD) {
      const caplen = buf.readUInt32LE(at + 24);
      if (buf.length - at < HEAD + caplen) break;
      yield { fileId, filePos: buf.readDoubleLE(at), tsUs: buf.readDoubleLE(at + 8), linktype: buf.readUInt32LE(at + 16), origlen: buf.readUInt32LE(at + 20), data: buf.subarray(at + HEAD, at + HEAD + caplen) };
      at += HEAD + caplen;
    }
    buf = buf.subarray(at);
  }
  if (buf.length) throw new Error(`the node's packet stream ended inside a packet (${buf.length} bytes left)`);
}

// Session -> pcap export, reading packets through the PacketSource interface.
import type { Writable } from 'node:stream';
import { LocalPacketSource, readPositions, sessionPositions, type PacketSource, type StoredPacket } from '../pcap/packet-source.js';
import { PcapWriter, PcapngWriter } from '../pcap/writer.js';
import type { Store } from '../store/store.js';
import type { SessionDoc } from '../session/record.js';

export class NotFoundError extends Error {}

export async function exportSessionPcap(store: Store, id: string, out: Writable, source: PacketSource = new LocalPacketSource()): Promise<number> {
  const s = await store.getSession(id);
  if (!s) throw new NotFoundError(`no session with id ${id}`);
  return exportSessionDoc(store, s, out, source);
}

/** A stored session's packets as a capture file; closes `source` when done. */
export async function exportSessionDoc(store: Store, s: SessionDoc, out: Writable, source: PacketSource = new LocalPacketSource()): Promise<number> {
  const fileOf = async (fileId: number) => {
    const file = await store.getFile(fileId);
    if (!file) throw new NotFoundError(`session ${String(s.id)} refers to unknown file id ${fileId}`);
    return file;
  };
  const packets: StoredPacket[] = [];
  try {
    for await (const p of readPositions(sessionPositions(s), source, fileOf)) packets.push(p);
  } finally {
    await source.close();
  }
  return writeCapture(packets, out);
}

/** Writes one session's packets (few enough to order in memory; the order is the capture order). */
export async function writeCapture(packets: StoredPacket[], out: Writable): Promise<number> {
  packets.sort((a, b) => a.tsUs - b.tsUs || a.fileId - b.fileId || a.filePos - b.filePos);
  // pcap when it can hold the packets; pcapng for mixed link types or times past 2106.
  const linktypes = new Set(packets.map((p) => p.linktype));
  const classic = linktypes.size <= 1 && packets.every((p) => PcapWriter.fits(p.tsUs));
  const writer = classic ? new PcapWriter(out, packets[0]?.linktype ?? 1) : new PcapngWriter(out);
  for (const p of packets) await writer.write(p.tsUs, p.data, p.origlen, p.linktype);
  if (out === process.stdout) await writer.flush();
  else await writer.end();
  return writer.packets;
}

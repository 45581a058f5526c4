// The packets of many sessions merged into one time-ordered stream without holding them: sessions
// arrive in first-packet order, each open session keeps one packet read ahead, and a min-heap on
// those packets' times picks the next. A session joins the heap only when its first packet could
// be the next one out, so memory follows the sessions that overlap in time, not the export size.
import { positionsByFile, readPositions, type PacketSource, type StoredPacket } from '../pcap/packet-source.js';
import type { FileEntry } from '../store/store.js';

export interface ExportSession {
  firstPacket: number;
  fileId: number[];
  packetPos: number[];
  packetLen: number[];
}

interface Cursor {
  it: AsyncGenerator<StoredPacket>;
  head: StoredPacket;
  /** Arrival order: ties in time keep session order. */
  seq: number;
}

export async function* mergePackets(sessions: AsyncIterable<ExportSession>, source: PacketSource, fileOf: (id: number) => Promise<FileEntry | null>): AsyncGenerator<StoredPacket> {
  const known = async (id: number) => {
    const file = await fileOf(id);
    if (!file) throw new Error(`a session refers to unknown file id ${id}`);
    return file;
  };
  const heap: Cursor[] = [];
  const incoming = sessions[Symbol.asyncIterator]();
  let next = await incoming.next();
  let seq = 0;
  for (;;) {
    // Open every session that starts no later than the earliest packet waiting.
    while (!next.done && (heap.length === 0 || next.value.firstPacket * 1000 <= heap[0].head.tsUs)) {
      // Only the per-file positions stay with the cursor, not the session document.
      const s = next.value;
      const it = readPositions(positionsByFile(s.packetPos, s.fileId, s.packetLen), source, known, true);
      const first = await it.next();
      if (!first.done) push(heap, { it, head: first.value, seq: seq++ });
      next = await incoming.next();
    }
    if (!heap.length) return;
    const top = heap[0];
    yield top.head;
    const r = await top.it.next();
    if (r.done) pop(heap);
    else {
      top.head = r.value;
      down(heap, 0);
    }
  }
}

const less = (a: Cursor, b: Cursor) => a.head.tsUs < b.head.tsUs || (a.head.tsUs === b.head.tsUs && a.seq < b.seq);

function push(h: Cursor[], c: Cursor): void {
  h.push(c);
  let i = h.length - 1;
  while (i > 0) {
    const parent = (i - 1) >> 1;
    if (!less(h[i], h[parent])) break;
    [h[i], h[parent]] = [h[parent], h[i]];
    i = parent;
  }
}

function pop(h: Cursor[]): void {
  const last = h.pop()!;
  if (h.length) {
    h[0] = last;
    down(h, 0);
  }
}

function down(h: Cursor[], i: number): void {
  for (;;) {
    const l = 2 * i + 1, r = l + 1;
    let m = i;
    if (l < h.length && less(h[l], h[m])) m = l;
    if (r < h.length && less(h[r], h[m])) m = r;
    if (m === i) return;
    [h[i], h[m]] = [h[m], h[i]];
    i = m;
  }
}

// After a crash or kill -9: capture files of this node that were registered but never completed.
// Each is cut back to its last complete packet record (a write may have been cut short) and its
// index entry completed from what the file really holds, so no session points past its end.
import { truncate } from 'node:fs/promises';
import { resolve, sep } from 'node:path';
import { readCapture } from '../pcap/reader.js';
import type { Store } from '../store/store.js';

export async function repairOpenFiles(store: Store, node: string, dir: string, log: (line: string) => void): Promise<number> {
  const root = resolve(dir) + sep;
  let repaired = 0;
  for (const f of await store.listFiles()) {
    if (f.node !== node || f.sha256 !== null || f.deletedAt || !resolve(f.path).startsWith(root)) continue;
    let first = -1, last = -1;
    const scan = () => readCapture(f.path, (p) => {
      if (first < 0) first = p.tsUs;
      last = p.tsUs;
    });
    let read = await scan().catch(() => null);
    if (!read) continue;
    if (read.error && read.bytes > 0) {
      // Whole records end at `bytes` (24-byte header included); drop the torn tail and hash again.
      await truncate(f.path, read.bytes);
      first = last = -1;
      read = await scan();
    }
    Object.assign(f, {
      size: read.fileSize, packets: read.packets, sha256: read.sha256,
      firstPacket: first >= 0 ? Math.floor(first / 1000) : null, lastPacket: last >= 0 ? Math.floor(last / 1000) : null,
    });
    await store.completeFile(f);
    repaired++;
    log(`repaired ${f.path}: ${read.packets} packets, ${read.fileSize} bytes kept (the capture had stopped without closing it)`);
  }
  return repaired;
}

// Retention: keeps the capture directory inside its budget by deleting the oldest closed capture
// files of this node first, never the file being written, never a locked (evidence) file, never a
// file outside the capture directory (imported captures belong to their owners). Sessions stay;
// their packets are then reported as deleted. Every deletion is logged.
import { statfs, unlink } from 'node:fs/promises';
import { resolve, sep } from 'node:path';
import type { FileEntry, ViewerStore } from '../store/store.js';

export interface RetentionOptions {
  /** Keep at least this much free space (bytes) ... */
  minFreeBytes?: number;
  /** ... or this share of the filesystem (0-100). */
  minFreePercent?: number;
  /** At most this many bytes of capture files. */
  maxBytes?: number;
  /** Delete files whose last packet is older than this. */
  maxAgeMs?: number;
  /** Delete session records older than this (metadata retention). */
  sessionMaxAgeMs?: number;
}

export async function applyRetention(store: ViewerStore, node: string, dir: string, writing: Set<number>, o: RetentionOptions, log: (line: string) => void, now = Date.now()): Promise<number> {
  const root = resolve(dir) + sep;
  const ours = (await store.listFiles()).filter((f) => f.node === node && !f.deletedAt && resolve(f.path).startsWith(root));
  const deletable = ours.filter((f) => !writing.has(f.id) && !f.locked && f.sha256 !== null).sort((a, b) => a.id - b.id);
  let total = ours.reduce((a, f) => a + f.size, 0);
  let deleted = 0;
  const free = async () => {
    const s = await statfs(dir).catch(() => null);
    if (!s) return { bytes: Infinity, percent: 100 };
    return { bytes: s.bavail * s.bsize, percent: (100 * s.bavail) / s.blocks };
  };
  const over = async (f: FileEntry) => {
    if (o.maxBytes !== undefined && total > o.maxBytes) return 'capture budget';
    if (o.maxAgeMs !== undefined && (f.lastPacket ?? now) < now - o.maxAgeMs) return 'age';
    if (o.minFreeBytes !== undefined || o.minFreePercent !== undefined) {
      const fr = await free();
      if (o.minFreeBytes !== undefined && fr.bytes < o.minFreeBytes) return 'free space';
      if (o.minFreePercent !== undefined && fr.percent < o.minFreePercent) return 'free space';
    }
    return null;
  };
  for (const f of deletable) {
    const why = await over(f);
    if (!why) {
      // Oldest first: once the oldest may stay, age no longer applies to newer ones either.
      if (o.maxAgeMs === undefined) break;
      continue;
    }
    await unlink(f.path).catch((e: NodeJS.ErrnoException) => {
      if (e.code !== 'ENOENT') throw e;
    });
    await store.markFileDeleted(f.id, now);
    total -= f.size;
    deleted++;
    log(`retention: deleted ${f.path} (file ${f.id}, ${f.size} bytes, ${f.packets} packets) for ${why}`);
  }
  if (o.sessionMaxAgeMs !== undefined) {
    const n = await store.deleteSessionsBefore(now - o.sessionMaxAgeMs);
    if (n) log(`retention: deleted ${n} session records older than ${Math.round(o.sessionMaxAgeMs / 86400e3)} days`);
  }
  return deleted;
}

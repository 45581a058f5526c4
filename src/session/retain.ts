/**
 * A copy of bytes kept across packets (stream hold-backs, parser carry-overs), in memory of its
 * own. Small `Buffer.from` copies come from Node's shared 8 KiB pool slabs, and one long-lived
 * copy keeps its whole slab alive for as long as its session lasts: with thousands of open
 * sessions that pinned hundreds of MB on the ingest bench and made the collector work harder.
 */
export function retain(b: Uint8Array): Buffer<ArrayBuffer> {
  const c = Buffer.allocUnsafeSlow(b.length);
  c.set(b);
  return c;
}

/** `b` itself when it alone uses its memory; otherwise (a view into a read chunk or a pool slab) a copy. */
export function own(b: Buffer): Buffer {
  if (b.length === 0) return EMPTY;
  return b.byteOffset === 0 && b.buffer.byteLength === b.length ? b : retain(b);
}

const EMPTY = Buffer.alloc(0);

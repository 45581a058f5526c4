/** A shared empty buffer, for parser state that holds nothing (and so pins nothing). */
export const EMPTY = Buffer.alloc(0);

/**
 * A copy of bytes kept across packets (stream hold-backs, parser carry-overs), in memory of its
 * own. A view (`subarray`) of a packet keeps the capture's whole read chunk alive, even an empty
 * one: TLS directions holding such views pinned 160+ MB on the ingest bench. Small `Buffer.from`
 * copies would share Node's 8 KiB pool slabs, one long-lived copy keeping a whole slab alive.
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

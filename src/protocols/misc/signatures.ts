// Byte tests shared by content signatures: prefixes at an offset, without allocating.
export function startsWith(buf: Buffer, off: number, len: number, prefix: Buffer, at = 0): boolean {
  if (len < at + prefix.length) return false;
  return buf.compare(prefix, 0, prefix.length, off + at, off + at + prefix.length) === 0;
}

/** A signature matching any of the given ASCII/latin1 prefixes at the payload start. */
export function anyPrefix(...prefixes: (string | number[])[]): (buf: Buffer, off: number, len: number) => boolean {
  const bufs = prefixes.map((p) => (typeof p === 'string' ? Buffer.from(p, 'latin1') : Buffer.from(p)));
  return (buf, off, len) => {
    for (const b of bufs) if (startsWith(buf, off, len, b)) return true;
    return false;
  };
}

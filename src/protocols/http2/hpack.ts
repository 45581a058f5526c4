// HPACK header block decoding (RFC 7541) with one dynamic table per direction of a connection.
import { HpackError } from './errors.js';
import { STATIC, huffmanDecode } from './hpack-tables.js';

const DEFAULT_TABLE = 4096;
/** The most a peer may raise the table to through SETTINGS_HEADER_TABLE_SIZE that we honour. */
const MAX_TABLE = 64 * 1024;
const MAX_HEADERS = 256;

export class HpackDecoder {
  /** Newest first, as HPACK indexes it. */
  private readonly table: [string, string][] = [];
  private size = 0;
  private limit = DEFAULT_TABLE;

  /** Decodes one complete header block into (name, value) pairs. */
  decode(b: Buffer, start = 0, end = b.length): [string, string][] {
    const out: [string, string][] = [];
    const r = { p: start };
    while (r.p < end) {
      if (out.length >= MAX_HEADERS) throw new HpackError('too many headers');
      const c = b[r.p];
      if (c & 0x80) {
        out.push(this.entry(this.int(b, r, end, 7)));
      } else if (c & 0x40) {
        const h = this.literal(b, r, end, 6);
        out.push(h);
        this.insert(h);
      } else if (c & 0x20) {
        const size = this.int(b, r, end, 5);
        if (size > MAX_TABLE) throw new HpackError('table size over the bound');
        this.limit = size;
        this.evict();
      } else {
        // Without indexing (0000) or never indexed (0001): same shape, 4-bit name index.
        out.push(this.literal(b, r, end, 4));
      }
    }
    return out;
  }

  private entry(index: number): [string, string] {
    if (index <= 0) throw new HpackError('index 0');
    if (index <= STATIC.length) return STATIC[index - 1];
    const e = this.table[index - STATIC.length - 1];
    if (!e) throw new HpackError(`index ${index} beyond the dynamic table`);
    return e;
  }

  private literal(b: Buffer, r: { p: number }, end: number, prefix: number): [string, string] {
    const index = this.int(b, r, end, prefix);
    const name = index ? this.entry(index)[0] : this.string(b, r, end);
    return [name, this.string(b, r, end)];
  }

  private insert(h: [string, string]): void {
    const size = h[0].length + h[1].length + 32;
    if (size > this.limit) {
      // An entry larger than the table empties it (RFC 7541 4.4).
      this.table.length = 0;
      this.size = 0;
      return;
    }
    this.table.unshift(h);
    this.size += size;
    this.evict();
  }

  private evict(): void {
    while (this.size > this.limit && this.table.length) {
      const [n, v] = this.table.pop()!;
      this.size -= n.length + v.length + 32;
    }
  }

  /** An integer with an N-bit prefix (RFC 7541 5.1). */
  private int(b: Buffer, r: { p: number }, end: number, bits: number): number {
    if (r.p >= end) throw new HpackError('truncated integer');
    const max = (1 << bits) - 1;
    let v = b[r.p++] & max;
    if (v < max) return v;
    for (let shift = 0; ; shift += 7) {
      if (r.p >= end || shift > 21) throw new HpackError('bad integer');
      const c = b[r.p++];
      v += (c & 0x7f) * 2 ** shift;
      if (!(c & 0x80)) return v;
    }
  }

  private string(b: Buffer, r: { p: number }, end: number): string {
    if (r.p >= end) throw new HpackError('truncated string');
    const huffman = (b[r.p] & 0x80) !== 0;
    const len = this.int(b, r, end, 7);
    if (r.p + len > end) throw new HpackError('string beyond the block');
    const s = huffman ? huffmanDecode(b, r.p, r.p + len) : b.toString('latin1', r.p, r.p + len);
    r.p += len;
    return s;
  }
}

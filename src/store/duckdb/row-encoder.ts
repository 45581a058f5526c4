// Session records encoded where they are made (a packet worker) into the memory layout of DuckDB's
// vectors, all in one transferable buffer. The store's thread then copies memory into data chunks
// (chunk-writer's writeEncodedColumn) instead of receiving records as objects — a structured
// clone costs ~13 µs a record — and converting every cell itself.
import { F, fieldByName } from '../../fields/catalogue.js';
import type { FieldDef } from '../../fields/types.js';
import { appValues, fieldValue, type SessionRecord } from '../../session/record.js';
import { packList } from './schema.js';
import { INLINE_STRING, type ColumnShape, type TableLayout } from './shapes.js';

/** Offsets are bytes into the arena. */
export interface EncodedColumn {
  /** Validity bitmap (64-bit words, bit set = valid), or -1 when every row is valid. */
  valid: number;
  /** The vector's data: 8-byte integers, 1-byte booleans, 16-byte string_t or 16-byte list entries; 0 bytes when all rows are null. */
  data: number;
  bytes: number;
  /** Strings longer than fit in a string_t (and blobs): how many, and i32 arrays of their rows, offsets and lengths. */
  long: number;
  longRows: number;
  longOffs: number;
  longLens: number;
  /** Lists: the number of elements, and their column. */
  total: number;
  child: EncodedColumn | null;
}

export interface EncodedTable {
  /** Index into the layout. */
  table: number;
  n: number;
  cols: EncodedColumn[];
}

export interface EncodedRows {
  arena: ArrayBuffer;
  /** Bytes of the arena in use. */
  used: number;
  tables: EncodedTable[];
  sessions: number;
}

class Arena {
  ab: ArrayBuffer;
  u8: Uint8Array;
  buf: Buffer;
  len = 0;

  /** `from`: an arena's memory given back (zeroed here, as a new one would be). */
  constructor(bytes: number, from?: ArrayBuffer) {
    this.ab = from ?? new ArrayBuffer(bytes);
    this.u8 = new Uint8Array(this.ab);
    if (from) this.u8.fill(0);
    this.buf = Buffer.from(this.ab);
  }

  /** Reserves `bytes` at an 8-aligned offset. Views taken before may be stale after this. */
  alloc(bytes: number): number {
    const at = (this.len + 7) & ~7;
    const end = at + bytes;
    if (end > this.ab.byteLength) {
      const next = new ArrayBuffer(Math.max(end, this.ab.byteLength * 2));
      new Uint8Array(next).set(this.u8.subarray(0, this.len));
      this.ab = next;
      this.u8 = new Uint8Array(next);
      this.buf = Buffer.from(next);
    }
    this.len = end;
    return at;
  }
}

const TWO32 = 4294967296;
/** A column's long strings as (row, offset, length) triples; reused, grown, never shrunk (a list emptied per column re-grew each time). */
let longs = new Int32Array(3 * 2048);
const flat: unknown[] = [];

function validity(a: Arena, cells: ArrayLike<unknown>, n: number): { at: number; allNull: boolean } {
  let nulls = 0;
  for (let i = 0; i < n; i++) if (cells[i] === null || cells[i] === undefined) nulls++;
  if (nulls === 0) return { at: -1, allNull: false };
  const words = ((n + 63) >>> 6) * 2;
  const at = a.alloc(words * 4);
  const v = new Uint32Array(a.ab, at, words);
  v.fill(0xffffffff);
  for (let i = 0; i < n; i++) if (cells[i] === null || cells[i] === undefined) v[i >>> 5] &= ~(1 << (i & 31));
  return { at, allNull: nulls === n };
}

function encodeColumn(a: Arena, shape: ColumnShape, cells: ArrayLike<unknown>, n: number): EncodedColumn {
  const col: EncodedColumn = { valid: -1, data: 0, bytes: 0, long: 0, longRows: 0, longOffs: 0, longLens: 0, total: 0, child: null };
  const v = validity(a, cells, n);
  col.valid = v.at;
  if (v.allNull) return col;
  switch (shape) {
    case 'bigint': {
      col.bytes = n * 8;
      col.data = a.alloc(col.bytes);
      const d = new Int32Array(a.ab, col.data, n * 2);
      for (let i = 0; i < n; i++) {
        const x = cells[i];
        const num = typeof x === 'bigint' ? Number(x) : Number(x ?? 0);
        const hi = Math.floor(num / TWO32);
        d[2 * i] = num - hi * TWO32;
        d[2 * i + 1] = hi;
      }
      break;
    }
    case 'boolean': {
      col.bytes = n;
      col.data = a.alloc(n);
      const d = new Uint8Array(a.ab, col.data, n);
      for (let i = 0; i < n; i++) d[i] = cells[i] ? 1 : 0;
      break;
    }
    case 'varchar':
    case 'blob':
      encodeStrings(a, col, shape === 'blob', cells, n);
      break;
    default:
      encodeList(a, col, shape, cells, n);
  }
  return col;
}

function encodeStrings(a: Arena, col: EncodedColumn, blob: boolean, cells: ArrayLike<unknown>, n: number): void {
  col.bytes = n * 16;
  col.data = a.alloc(col.bytes);
  if (longs.length < 3 * n) longs = new Int32Array(3 * n);
  let k = 0;
  for (let i = 0; i < n; i++) {
    const x = cells[i];
    if (x === null || x === undefined) continue;
    if (blob) {
      const b = x as Uint8Array;
      const at = a.alloc(b.length);
      a.u8.set(b, at);
      longs[k++] = i;
      longs[k++] = at;
      longs[k++] = b.length;
      continue;
    }
    const s = typeof x === 'string' ? x : String(x);
    const o = col.data + i * 16;
    if (s.length <= INLINE_STRING && inlineAscii(s, a.u8, o + 4)) a.u8[o] = s.length;
    else {
      const at = a.alloc(s.length * 3);
      const written = a.buf.write(s, at, 'utf8');
      a.len = at + written;
      longs[k++] = i;
      longs[k++] = at;
      longs[k++] = written;
    }
  }
  col.long = k / 3;
  if (!col.long) return;
  col.longRows = int32s(a, 0, k);
  col.longOffs = int32s(a, 1, k);
  col.longLens = int32s(a, 2, k);
}

function inlineAscii(s: string, u8: Uint8Array, o: number): boolean {
  for (let k = 0; k < s.length; k++) if (s.charCodeAt(k) > 0x7f) return false;
  for (let k = 0; k < s.length; k++) u8[o + k] = s.charCodeAt(k);
  return true;
}

/** Copies every third value of longs[0, k) from `first` into the arena as an int32 array. */
function int32s(a: Arena, first: number, k: number): number {
  const n = k / 3;
  const at = a.alloc(n * 4);
  const out = new Int32Array(a.ab, at, n);
  for (let i = 0, j = first; i < n; i++, j += 3) out[i] = longs[j];
  return at;
}

function encodeList(a: Arena, col: EncodedColumn, shape: ColumnShape, cells: ArrayLike<unknown>, n: number): void {
  col.bytes = n * 16;
  col.data = a.alloc(col.bytes);
  const e = new Uint32Array(a.ab, col.data, n * 4);
  let total = 0;
  for (let i = 0; i < n; i++) {
    const list = cells[i] as ArrayLike<unknown> | null | undefined;
    const len = list ? list.length : 0;
    // (offset, length) as two little-endian uint64s; counts stay far below 2^32.
    e[4 * i] = total;
    e[4 * i + 2] = len;
    total += len;
  }
  flat.length = total;
  let k = 0;
  for (let i = 0; i < n; i++) {
    const list = cells[i] as ArrayLike<unknown> | null | undefined;
    if (list) for (let j = 0; j < list.length; j++) flat[k++] = list[j];
  }
  col.total = total;
  // Elements are scalars, so encoding them never reuses `flat`.
  col.child = encodeColumn(a, shape.slice(0, -2) as ColumnShape, flat, total);
}

/** What the store writes for a field's value: null for nothing or an empty list, packed bytes for packed lists. */
export function toCell(f: FieldDef, v: unknown): unknown {
  if (v === undefined || v === null) return null;
  if (f.packed) return packList(f, v as number[]);
  if (f.multi && (v as unknown[]).length === 0) return null;
  return v;
}

/**
 * Encodes records for the tables of `layout` (the store's, in its column order): every record
 * gives a row of the core table; a protocol table gets a row when the session has a value for
 * one of its fields.
 */
export class RowEncoder {
  private readonly fields: (FieldDef | null)[][];
  /** Layout table of each protocol field, by field index. */
  private readonly tableOf: number[] = [];
  private readonly cells: unknown[] = [];
  /** Memory of an arena its user is done with (`recycle`): megabytes of fresh memory per chunk cost page faults. */
  private spare: ArrayBuffer | null = null;

  constructor(private readonly layout: TableLayout[]) {
    this.fields = layout.map((t) => t.columns.map((c) => (c.exp === null ? null : fieldByName(c.exp) ?? null)));
    layout.forEach((t, ti) => {
      if (!t.core) for (const f of this.fields[ti]) if (f) this.tableOf[f.index] = ti;
    });
  }

  encode(records: SessionRecord[]): EncodedRows {
    const a = new Arena(1 << 22, this.spare ?? undefined);
    this.spare = null;
    const tables: EncodedTable[] = [];
    const rows: { id: string; app: Map<number, unknown[]> }[][] = this.layout.map(() => []);
    for (const r of records) {
      const app = appValues(r);
      if (!app) continue;
      for (const [index, values] of app) {
        const ti = this.tableOf[index];
        if (ti === undefined || !values.length) continue;
        const list = rows[ti];
        if (list[list.length - 1]?.app !== app) list.push({ id: r[F.id.index] as string, app });
      }
    }
    const cells = this.cells;
    this.layout.forEach((t, ti) => {
      const n = t.core ? records.length : rows[ti].length;
      if (n === 0) return;
      cells.length = n;
      const cols = t.columns.map((c, ci) => {
        const f = this.fields[ti][ci];
        if (t.core) for (let i = 0; i < n; i++) cells[i] = f ? toCell(f, fieldValue(records[i], f)) : null;
        else if (f) for (let i = 0; i < n; i++) cells[i] = toCell(f, rows[ti][i].app.get(f.index));
        else if (c.id) for (let i = 0; i < n; i++) cells[i] = rows[ti][i].id;
        else cells.fill(null);
        return encodeColumn(a, c.shape, cells, n);
      });
      tables.push({ table: ti, n, cols });
    });
    return { arena: a.ab, used: a.len, tables, sessions: records.length };
  }

  /** Takes back the arena of rows that were copied into the store, for the next `encode`. */
  recycle(arena: ArrayBuffer): void {
    this.spare = arena;
  }
}

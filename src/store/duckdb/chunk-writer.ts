// Writes session rows straight into DuckDB data-chunk vectors through the C API bindings.
// `@duckdb/node-api`'s converters build one value object per cell and per list element, which
// cost more than the engine's own appends on the ingest bench; here scalars and list offsets go
// in with one bulk copy per column and strings with one native call each.
import bindings from '@duckdb/node-bindings';
import type { FieldDef } from '../../fields/types.js';

type Vector = ReturnType<typeof bindings.data_chunk_get_vector>;

export type ColumnShape = 'varchar' | 'bigint' | 'boolean' | 'blob' | 'varchar[]' | 'bigint[]' | 'boolean[]';

export function shapeOf(f: FieldDef): ColumnShape {
  if (f.packed) return 'blob';
  const base = f.kind === 'integer' || f.kind === 'date' ? 'bigint' : f.kind === 'boolean' ? 'boolean' : 'varchar';
  return f.multi ? (`${base}[]` as ColumnShape) : base;
}

/** Growable scratch, reused across columns and chunks: nothing is allocated per row. */
class Scratch {
  buf = new ArrayBuffer(64 * 1024);
  u8 = new Uint8Array(this.buf);
  i32 = new Int32Array(this.buf);
  u32 = new Uint32Array(this.buf);
  ensure(bytes: number): void {
    if (bytes <= this.buf.byteLength) return;
    this.buf = new ArrayBuffer(Math.max(bytes, this.buf.byteLength * 2));
    this.u8 = new Uint8Array(this.buf);
    this.i32 = new Int32Array(this.buf);
    this.u32 = new Uint32Array(this.buf);
  }
}

const data = new Scratch();
const entries = new Scratch();
const valid = new Scratch();
const TWO32 = 4294967296;

/** Marks which of `n` items are valid (non-null); returns false when all are, so nothing is copied. */
function buildValidity(values: ArrayLike<unknown>, n: number): boolean {
  const words = (n + 63) >>> 6 << 1;
  valid.ensure(words * 4);
  const v = valid.u32;
  let anyNull = false;
  for (let i = 0; i < words; i++) v[i] = 0xffffffff;
  for (let i = 0; i < n; i++) {
    const x = values[i];
    if (x === null || x === undefined) {
      v[i >>> 5] &= ~(1 << (i & 31));
      anyNull = true;
    }
  }
  return anyNull;
}

function applyValidity(vec: Vector, n: number): void {
  bindings.vector_ensure_validity_writable(vec);
  bindings.copy_data_to_vector_validity(vec, 0, valid.buf, 0, ((n + 63) >>> 6) * 8);
}

/** Writes `n` scalars (no nulls among them: callers check) into a fixed-width vector. */
function writeFixed(vec: Vector, shape: 'bigint' | 'boolean', values: ArrayLike<unknown>, start: number, n: number, at: number): void {
  if (shape === 'bigint') {
    data.ensure(n * 8);
    const d = data.i32;
    for (let i = 0; i < n; i++) {
      const x = values[start + i];
      const num = typeof x === 'bigint' ? Number(x) : Number(x ?? 0);
      const hi = Math.floor(num / TWO32);
      d[2 * i] = num - hi * TWO32;
      d[2 * i + 1] = hi;
    }
    bindings.copy_data_to_vector(vec, at * 8, data.buf, 0, n * 8);
  } else {
    data.ensure(n);
    const d = data.u8;
    for (let i = 0; i < n; i++) d[i] = values[start + i] ? 1 : 0;
    bindings.copy_data_to_vector(vec, at, data.buf, 0, n);
  }
}

// Strings of up to 12 bytes live inside DuckDB's 16-byte string_t itself (length, then the bytes,
// zero-padded): those are written in the column's bulk copy; longer ones need the vector's string
// heap, so they go through one native call each, after the copy.
const INLINE = 12;
const longAt: number[] = [];
const longText: string[] = [];

function writeStrings(vec: Vector, values: ArrayLike<unknown>, start: number, n: number, at: number): void {
  data.ensure(n * 16);
  const u8 = data.u8;
  const u32 = data.u32;
  longAt.length = 0;
  longText.length = 0;
  for (let i = 0; i < n; i++) {
    const w = i * 4;
    u32[w] = u32[w + 1] = u32[w + 2] = u32[w + 3] = 0;
    const x = values[start + i];
    if (x === null || x === undefined) continue;
    const s = typeof x === 'string' ? x : String(x);
    if (s.length <= INLINE && inlineAscii(s, u8, i * 16 + 4)) u32[w] = s.length;
    else {
      longAt.push(at + i);
      longText.push(s);
    }
  }
  bindings.copy_data_to_vector(vec, at * 16, data.buf, 0, n * 16);
  for (let k = 0; k < longAt.length; k++) bindings.vector_assign_string_element(vec, longAt[k], longText[k]);
}

/** Writes an ASCII string's bytes at `o`; false (bytes left as they were) if it is not ASCII. */
function inlineAscii(s: string, u8: Uint8Array, o: number): boolean {
  for (let k = 0; k < s.length; k++) if (s.charCodeAt(k) > 0x7f) return false;
  for (let k = 0; k < s.length; k++) u8[o + k] = s.charCodeAt(k);
  return true;
}

/**
 * Fills one column of a chunk with `values[0..n)`. Null or undefined cells are NULL; for lists the
 * caller passes null for empty ones (cheaper to store, and read back as empty).
 */
export function writeColumn(vec: Vector, shape: ColumnShape, values: ArrayLike<unknown>, n: number): void {
  const anyNull = buildValidity(values, n);
  switch (shape) {
    case 'varchar':
      writeStrings(vec, values, 0, n, 0);
      break;
    case 'blob':
      for (let i = 0; i < n; i++) {
        const x = values[i] as Uint8Array | null | undefined;
        if (x) bindings.vector_assign_string_element_len(vec, i, x);
      }
      break;
    case 'bigint':
    case 'boolean':
      writeFixed(vec, shape, values, 0, n, 0);
      break;
    default:
      writeList(vec, shape, values, n);
  }
  if (anyNull) applyValidity(vec, n);
}

function writeList(vec: Vector, shape: ColumnShape, values: ArrayLike<unknown>, n: number): void {
  entries.ensure(n * 16);
  const e = entries.u32;
  let total = 0;
  for (let i = 0; i < n; i++) {
    const list = values[i] as ArrayLike<unknown> | null | undefined;
    const len = list ? list.length : 0;
    // (offset, length) as two little-endian uint64s; counts stay far below 2^32.
    e[4 * i] = total;
    e[4 * i + 1] = 0;
    e[4 * i + 2] = len;
    e[4 * i + 3] = 0;
    total += len;
  }
  bindings.list_vector_reserve(vec, total);
  bindings.list_vector_set_size(vec, total);
  const child = bindings.list_vector_get_child(vec);
  let childNull = false;
  if (shape === 'varchar[]') {
    writeStrings(child, flatten(values, n, total), 0, total, 0);
  } else {
    const flat = flatten(values, n, total);
    writeFixed(child, shape === 'bigint[]' ? 'bigint' : 'boolean', flat, 0, total, 0);
  }
  for (let i = 0; i < n && !childNull; i++) {
    const list = values[i] as ArrayLike<unknown> | null | undefined;
    if (list) for (let j = 0; j < list.length; j++) if (list[j] === null || list[j] === undefined) childNull = true;
  }
  if (childNull) markChildNulls(child, values, n, total);
  bindings.copy_data_to_vector(vec, 0, entries.buf, 0, n * 16);
}

/** Rare: a list holding null elements. The parent's validity scratch is rebuilt by the caller after. */
function markChildNulls(child: Vector, values: ArrayLike<unknown>, n: number, total: number): void {
  buildValidity(flatten(values, n, total), total);
  applyValidity(child, total);
  buildValidity(values, n);
}

const flatScratch: unknown[] = [];

/** The elements of all lists, in order, in one reused array. */
function flatten(values: ArrayLike<unknown>, n: number, total: number): ArrayLike<unknown> {
  flatScratch.length = total;
  let at = 0;
  for (let i = 0; i < n; i++) {
    const list = values[i] as ArrayLike<unknown> | null | undefined;
    if (list) for (let j = 0; j < list.length; j++) flatScratch[at++] = list[j];
  }
  return flatScratch;
}

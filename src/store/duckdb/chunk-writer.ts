// Copies encoded columns (row-encoder.ts) into DuckDB data-chunk vectors through the C API
// bindings. `@duckdb/node-api`'s converters build one value object per cell and per list element,
// which cost more than the engine's own appends on the ingest bench; here each column is one bulk
// copy.
import bindings from '@duckdb/node-bindings';
import { DuckDBBlobType, DuckDBDataChunk } from '@duckdb/node-api';
import type { EncodedColumn } from './row-encoder.js';
import type { ColumnShape } from './shapes.js';
import { INLINE_STRING } from './shapes.js';

type Vector = ReturnType<typeof bindings.data_chunk_get_vector>;
const TWO32 = 4294967296;

/**
 * Long strings (over 12 bytes, ~16 a session). A DuckDB string_t (the C API's `duckdb_string_t`:
 * length, 4-byte prefix, pointer) may point at memory its vector does not own while that memory
 * outlives the append, which copies strings into the appender's own storage. So an arena is
 * copied once into the string heap of a holder vector, and each long string's string_t is written
 * pointing into that copy: one native call per chunk of rows instead of one, and a typed-array
 * view, per string.
 */
export class StringHolder {
  private readonly chunk = DuckDBDataChunk.create([DuckDBBlobType.instance]);
  /** Address of the held copy of the arena; 0 when none is held. */
  base = 0;

  /** Until `release`; nothing may await in between. */
  hold(arena: ArrayBuffer, used: number): void {
    // 12 bytes or fewer would be inlined, with no heap copy to point at; no long string fits there.
    if (used <= INLINE_STRING) return;
    this.chunk.rowCount = 1;
    const vec = bindings.data_chunk_get_vector(this.chunk.chunk, 0);
    bindings.vector_assign_string_element_len(vec, 0, new Uint8Array(arena, 0, used));
    const t = new DataView(bindings.vector_get_data(vec, 16).slice().buffer);
    this.base = t.getUint32(8, true) + t.getUint32(12, true) * TWO32;
  }

  /** Drops the copy once the chunks pointing into it are appended. */
  release(): void {
    this.chunk.reset();
    this.base = 0;
  }
}

export function writeEncodedColumn(vec: Vector, shape: ColumnShape, arena: ArrayBuffer, col: EncodedColumn, n: number, held: StringHolder): void {
  if (col.child) {
    bindings.list_vector_reserve(vec, col.total);
    bindings.list_vector_set_size(vec, col.total);
    writeEncodedColumn(bindings.list_vector_get_child(vec), shape.slice(0, -2) as ColumnShape, arena, col.child, col.total, held);
  }
  if (col.long) pointLongStrings(arena, col, held.base);
  if (col.bytes) bindings.copy_data_to_vector(vec, 0, arena, col.data, col.bytes);
  if (col.valid >= 0) {
    bindings.vector_ensure_validity_writable(vec);
    bindings.copy_data_to_vector_validity(vec, 0, arena, col.valid, ((n + 63) >>> 6) * 8);
  }
}

/** Fills the string_t of each long string (and blob) of `col` in the arena: inlined up to 12 bytes, else a pointer into the held copy. */
function pointLongStrings(arena: ArrayBuffer, col: EncodedColumn, base: number): void {
  if (base === 0) throw new Error('long strings to write but no copy of their arena is held');
  const rows = new Int32Array(arena, col.longRows, col.long);
  const offs = new Int32Array(arena, col.longOffs, col.long);
  const lens = new Int32Array(arena, col.longLens, col.long);
  const u8 = new Uint8Array(arena);
  const u32 = new Uint32Array(arena, 0, arena.byteLength >>> 2);
  for (let k = 0; k < col.long; k++) {
    const at = col.data + rows[k] * 16;
    const off = offs[k];
    const len = lens[k];
    u32[at >>> 2] = len;
    if (len <= INLINE_STRING) {
      u8.copyWithin(at + 4, off, off + len);
      continue;
    }
    u8.copyWithin(at + 4, off, off + 4);
    const p = base + off;
    const hi = Math.floor(p / TWO32);
    u32[(at + 8) >>> 2] = p - hi * TWO32;
    u32[(at + 12) >>> 2] = hi;
  }
}

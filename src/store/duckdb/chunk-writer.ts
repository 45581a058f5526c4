// Copies encoded columns (row-encoder.ts) into DuckDB data-chunk vectors through the C API
// bindings. `@duckdb/node-api`'s converters build one value object per cell and per list element,
// which cost more than the engine's own appends on the ingest bench; here each column is one bulk
// copy, plus one native call per string too long to sit inside DuckDB's string_t.
import bindings from '@duckdb/node-bindings';
import type { EncodedColumn } from './row-encoder.js';
import type { ColumnShape } from './shapes.js';

type Vector = ReturnType<typeof bindings.data_chunk_get_vector>;

export function writeEncodedColumn(vec: Vector, shape: ColumnShape, arena: ArrayBuffer, col: EncodedColumn, n: number): void {
  if (col.child) {
    bindings.list_vector_reserve(vec, col.total);
    bindings.list_vector_set_size(vec, col.total);
    writeEncodedColumn(bindings.list_vector_get_child(vec), shape.slice(0, -2) as ColumnShape, arena, col.child, col.total);
  }
  if (col.bytes) bindings.copy_data_to_vector(vec, 0, arena, col.data, col.bytes);
  if (col.long) {
    const rows = new Int32Array(arena, col.longRows, col.long);
    const offs = new Int32Array(arena, col.longOffs, col.long);
    const lens = new Int32Array(arena, col.longLens, col.long);
    for (let k = 0; k < col.long; k++) bindings.vector_assign_string_element_len(vec, rows[k], new Uint8Array(arena, offs[k], lens[k]));
  }
  if (col.valid >= 0) {
    bindings.vector_ensure_validity_writable(vec);
    bindings.copy_data_to_vector_validity(vec, 0, arena, col.valid, ((n + 63) >>> 6) * 8);
  }
}

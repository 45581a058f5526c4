// How a catalogue field is laid out in a DuckDB vector; shared by the chunk writer (store thread)
// and the row encoder (packet workers), which must not load the DuckDB bindings.
import type { FieldDef } from '../../fields/types.js';

export type ColumnShape = 'varchar' | 'bigint' | 'boolean' | 'blob' | 'varchar[]' | 'bigint[]' | 'boolean[]';

export function shapeOf(f: FieldDef): ColumnShape {
  if (f.packed) return 'blob';
  const base = f.kind === 'integer' || f.kind === 'date' ? 'bigint' : f.kind === 'boolean' ? 'boolean' : 'varchar';
  return f.multi ? (`${base}[]` as ColumnShape) : base;
}

/** Strings of up to this many bytes live inside DuckDB's 16-byte string_t (length, then the bytes). */
export const INLINE_STRING = 12;

/** One table's columns in the database's order: a field (query name), the session id, or neither (left NULL). */
export interface TableLayout {
  name: string;
  core: boolean;
  columns: { exp: string | null; id?: boolean; shape: ColumnShape }[];
}

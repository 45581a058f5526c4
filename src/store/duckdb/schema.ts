// DuckDB schema derived from the field catalogue.
import { allFields } from '../../fields/catalogue.js';
import type { FieldDef } from '../../fields/types.js';

export function sqlType(f: FieldDef): string {
  if (f.packed) return 'BLOB';
  const base = f.kind === 'integer' || f.kind === 'date' ? 'BIGINT' : f.kind === 'boolean' ? 'BOOLEAN' : 'VARCHAR';
  return f.multi ? `${base}[]` : base;
}

export function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

export function sessionColumns(): FieldDef[] {
  return allFields();
}

export function createSessionsSql(): string {
  const cols = sessionColumns().map((f) => `${quoteIdent(f.column)} ${sqlType(f)}`);
  return `CREATE TABLE IF NOT EXISTS sessions (${cols.join(', ')})`;
}

export const CREATE_FILES_SQL = `CREATE TABLE IF NOT EXISTS files (
  id INTEGER PRIMARY KEY, node VARCHAR NOT NULL, path VARCHAR NOT NULL, format VARCHAR, compression VARCHAR,
  linktypes INTEGER[], first_packet BIGINT, last_packet BIGINT, size BIGINT, packets BIGINT,
  sha256 VARCHAR, fingerprint VARCHAR, imported_at BIGINT, error VARCHAR)`;

/** Packed lists: numbers to little-endian bytes and back. */
export function packList(f: FieldDef, v: ArrayLike<number>): Uint8Array {
  const typed = f.packed === 'f64' ? v instanceof Float64Array : v instanceof Int32Array;
  const a = typed ? (v as Float64Array | Int32Array) : f.packed === 'f64' ? Float64Array.from(v) : Int32Array.from(v);
  return new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
}

export function unpackList(f: FieldDef, b: Uint8Array): number[] {
  const copy = Uint8Array.from(b);
  return Array.from(f.packed === 'f64' ? new Float64Array(copy.buffer) : new Int32Array(copy.buffer));
}

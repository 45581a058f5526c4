// DuckDB schema derived from the field catalogue.
import { allFields } from '../../fields/catalogue.js';
import type { FieldDef } from '../../fields/types.js';
import type { DuckDBConnection } from '@duckdb/node-api';
import { quoteIdent, type SessionTable } from '../sql/search.js';

export { quoteIdent, type SessionTable };

export function sqlType(f: FieldDef): string {
  if (f.packed) return 'BLOB';
  const base = f.kind === 'integer' || f.kind === 'date' ? 'BIGINT' : f.kind === 'boolean' ? 'BOOLEAN' : 'VARCHAR';
  return f.multi ? `${base}[]` : base;
}

/** Groups whose fields every session has; they form the `sessions` table. */
const CORE_GROUPS = new Set(['general', 'tcp', 'icmp', 'positions']);

/**
 * DuckDB's session tables: `sessions` holds the core fields of every session; each protocol group
 * has its own table (`sessions_dns`...) with rows only for sessions that carry that protocol, keyed
 * by id. Hundreds of mostly-empty protocol columns on every row would make each insert pay for all.
 */
export function sessionTables(): SessionTable[] {
  const core: SessionTable = { name: 'sessions', fields: [], core: true };
  const byGroup = new Map<string, SessionTable>();
  for (const f of allFields()) {
    if (CORE_GROUPS.has(f.group)) core.fields.push(f);
    else {
      let t = byGroup.get(f.group);
      if (!t) byGroup.set(f.group, (t = { name: `sessions_${f.group.replace(/[^a-z0-9_]/gi, '_')}`, fields: [], core: false }));
      t.fields.push(f);
    }
  }
  return [core, ...byGroup.values()];
}

/** Every table's column names in their order, from one catalogue query (one per table cost ~3 ms each, twice at every open). */
export async function tableColumns(conn: DuckDBConnection): Promise<Map<string, string[]>> {
  const r = await conn.runAndReadAll('SELECT table_name, column_name FROM information_schema.columns ORDER BY table_name, ordinal_position');
  const out = new Map<string, string[]>();
  for (const [table, column] of r.getRowsJS()) {
    const name = String(table);
    let list = out.get(name);
    if (!list) out.set(name, (list = []));
    list.push(String(column));
  }
  return out;
}

export function createTableSql(t: SessionTable): string {
  const cols = t.fields.map((f) => `${quoteIdent(f.column)} ${sqlType(f)}`);
  if (!t.core) cols.unshift('"session_id" VARCHAR NOT NULL');
  return `CREATE TABLE IF NOT EXISTS ${quoteIdent(t.name)} (${cols.join(', ')})`;
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

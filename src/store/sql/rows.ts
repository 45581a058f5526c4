// Stored rows to session documents.
import { fieldByName } from '../../fields/catalogue.js';
import type { SessionDoc } from '../../session/record.js';
import { unpackList } from '../duckdb/schema.js';

/** DuckDB hands BIGINTs back as bigint and packed lists as bytes; the record speaks plain numbers and lists. */
export function normalise(row: Record<string, unknown>): SessionDoc {
  const out: SessionDoc = {};
  for (const [k, v] of Object.entries(row)) {
    const f = fieldByName(k);
    if (v === null) {
      if (f?.multi) out[k] = [];
      continue;
    }
    if (f?.packed && v instanceof Uint8Array) out[k] = unpackList(f, v);
    else out[k] = typeof v === 'bigint' ? Number(v) : Array.isArray(v) ? v.map((x) => (typeof x === 'bigint' ? Number(x) : x)) : v;
  }
  return out;
}

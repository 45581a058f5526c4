// DuckDB rows to session documents.
import { fieldByName } from '../../fields/catalogue.js';
import type { SessionDoc } from '../../session/record.js';
import { unpackList } from './schema.js';

/** DuckDB hands BIGINTs back as bigint; the record speaks plain numbers and lists. */
export function normalise(row: Record<string, unknown>): SessionDoc {
  const out: SessionDoc = {};
  for (const [k, v] of Object.entries(row)) {
    const f = fieldByName(k);
    if (v === null) {
      if (f?.multi) out[k] = [];
      continue;
    }
    if (f?.packed) out[k] = unpackList(f, v as Uint8Array);
    else out[k] = typeof v === 'bigint' ? Number(v) : Array.isArray(v) ? v.map((x) => (typeof x === 'bigint' ? Number(x) : x)) : v;
  }
  return out;
}

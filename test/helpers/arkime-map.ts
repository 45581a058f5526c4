// The one table from Arkime's stored document names to Weir's query names: Arkime's own field
// catalogue (../shared/reference/arkime-fields.tsv), read by expression name. Weir uses Arkime's
// expression names, so the catalogue row of a Weir field says where Arkime stored its value.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CORPUS } from './corpus.js';
import type { Doc } from './pair.js';

export interface ArkimeField {
  exp: string;
  /** Dotted path in the session body (sessions3 doc), e.g. dns.answers.ip. */
  stored: string;
  kind: string;
  group: string;
}

/** Derived from geo/ASN/OUI databases or from text analysis: out of scope for protocol parsing. */
const OUT_OF_SCOPE = /(ASN|GEO|RIR|Oui|oui|Tokens|Cnt)$|\.(ASN|GEO|RIR)$/;

export function arkimeFields(): ArkimeField[] {
  const tsv = join(CORPUS, '..', 'reference', 'arkime-fields.tsv');
  return readFileSync(tsv, 'utf8')
    .split('\n')
    .filter((l) => l && !l.startsWith('#'))
    .map((l) => l.split('\t'))
    .map(([exp, stored, kind, group]) => ({ exp, stored, kind, group }))
    .filter((f) => f.stored.includes('.') && !OUT_OF_SCOPE.test(f.stored));
}

/** All values at a dotted path of a document, flattening arrays at every step; undefined if absent. */
export function walk(body: Doc, path: string): unknown[] | undefined {
  let cur: unknown[] = [body];
  for (const key of path.split('.')) {
    const next: unknown[] = [];
    for (const c of cur) {
      const v = c && typeof c === 'object' ? (c as Doc)[key] : undefined;
      if (v === undefined || v === null) continue;
      if (Array.isArray(v)) next.push(...v);
      else next.push(v);
    }
    if (!next.length) return undefined;
    cur = next;
  }
  return cur;
}

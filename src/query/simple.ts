// Interim expression support: `field == value` terms joined by `&&`. The full Arkime grammar
// replaces this in the query-language issue; errors already name the position and close fields.
import { allFields, fieldByName } from '../fields/catalogue.js';

export class QueryError extends Error {
  constructor(message: string, readonly position: number) {
    super(`${message} (at position ${position})`);
  }
}

export interface Term {
  field: string;
  value: string;
}

export function parseSimpleExpression(expr: string): Term[] {
  const terms: Term[] = [];
  const re = /\s*([A-Za-z0-9_.@-]+)\s*==\s*("(?:[^"\\]|\\.)*"|[^\s&"]+)\s*/y;
  let pos = 0;
  while (pos < expr.length) {
    re.lastIndex = pos;
    const m = re.exec(expr);
    if (!m) throw new QueryError('expected `field == value`', pos);
    const f = fieldByName(m[1]);
    if (!f || f.internal) throw new QueryError(`unknown field "${m[1]}"; closest known fields: ${closestFields(m[1]).join(', ')}`, pos + m[0].indexOf(m[1]));
    const raw = m[2];
    const value = raw.startsWith('"') ? raw.slice(1, -1).replace(/\\(.)/g, '$1') : raw;
    if ((f.kind === 'integer' || f.kind === 'date') && !/^-?\d+$/.test(value)) throw new QueryError(`field ${f.exp} needs an integer, got "${value}"`, pos + m[0].indexOf(raw));
    terms.push({ field: f.exp, value });
    pos = re.lastIndex;
    if (pos < expr.length) {
      if (expr.startsWith('&&', pos)) pos += 2;
      else throw new QueryError('expected `&&` or end of expression', pos);
      if (pos >= expr.length) throw new QueryError('expected a term after `&&`', pos);
    }
  }
  return terms;
}

export function closestFields(name: string, n = 3): string[] {
  return allFields()
    .filter((f) => !f.internal)
    .map((f) => ({ f: f.exp, d: editDistance(name.toLowerCase(), f.exp.toLowerCase()) }))
    .sort((a, b) => a.d - b.d || a.f.localeCompare(b.f))
    .slice(0, n)
    .map((x) => x.f);
}

function editDistance(a: string, b: string): number {
  const prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0];
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = prev[j];
      prev[j] = Math.min(prev[j] + 1, prev[j - 1] + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = tmp;
    }
  }
  return prev[b.length];
}

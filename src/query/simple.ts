// Query errors outside the expression grammar (bad --fields names) and the closest-field
// suggestions every unknown-field message carries.
import { allFields } from '../fields/catalogue.js';

export class QueryError extends Error {
  constructor(message: string, readonly position: number) {
    super(`${message} (at position ${position})`);
  }
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

// One copy per thread of the strings that repeat across sessions (header names, methods, versions):
// a session that keeps "user-agent" then holds a reference, not 32 bytes of its own. Bounded, so
// that a stream of distinct names (a scan, a fuzzer) cannot grow it: past the bound, strings pass
// through as they are.
const MAX_ENTRIES = 4096;
const table = new Map<string, string>();

/** The thread's copy of `s`; `s` must not be a slice of a larger string (the table keeps it). */
export function intern(s: string): string {
  const have = table.get(s);
  if (have !== undefined) return have;
  if (table.size < MAX_ENTRIES) table.set(s, s);
  return s;
}

// One copy per thread of the strings that repeat across sessions (header names, methods, hosts,
// user agents): a session that keeps "user-agent" then holds a reference, not 32 bytes of its own.
// Bounded: when full the table starts over, so it follows what traffic repeats now and a stream of
// distinct values (a scan, a fuzzer) costs a Map of MAX_ENTRIES at most.
const MAX_ENTRIES = 8192;
const table = new Map<string, string>();

/** The thread's copy of `s`; `s` must not be a slice of a larger string (the table would keep that). */
export function intern(s: string): string {
  const have = table.get(s);
  if (have !== undefined) return have;
  if (table.size >= MAX_ENTRIES) table.clear();
  table.set(s, s);
  return s;
}

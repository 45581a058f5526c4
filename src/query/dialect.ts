// The SQL that differs between stores. The compiler speaks only through this; DuckDB today,
// ClickHouse with the fleet issue.

export interface Dialect {
  /** A positional parameter for the n-th (1-based) value. */
  param(n: number): string;
  /** True when any element of list column `col` satisfies `pred`, written over the element `x`. */
  anyElement(col: string, pred: (x: string) => string): string;
  /** List column contains the value. */
  listContains(col: string, value: string): string;
  /** The number of elements of a list column (0 for NULL). */
  listLength(col: string): string;
  /** Full-match regular expression test. */
  regexMatch(x: string, pattern: string): string;
  /** True when list column `fileIds` holds the id of a file whose full path satisfies `pred(pathColumn)`. */
  fileWithPath(fileIds: string, pred: (path: string) => string): string;
  /** True when list column `fileIds` holds a file imported between lo and hi (epoch ms). */
  fileImportedWithin(fileIds: string, lo: string, hi: string): string;
  /** A dotted IPv4 text as an integer, NULL when it is not one. */
  ipv4Number(x: string): string;
  /** The n-th (1-based) octet of a dotted IPv4 text as an integer, NULL when it is not one. */
  ipv4Octet(x: string, n: number): string;
  /** An IPv6 text (RFC 5952 form, as stored) as 32 lower-case hex digits, NULL for IPv4. */
  ipv6Hex(x: string): string;
}

export const DUCKDB: Dialect = {
  param: (n) => `$${n}`,
  // A vectorised lambda: ~30x faster than an EXISTS over unnest(), which runs per row.
  anyElement: (col, pred) => `len(list_filter(${col}, lambda __v: ${pred("__v")})) > 0`,
  listContains: (col, value) => `list_contains(${col}, ${value})`,
  listLength: (col) => `coalesce(len(${col}), 0)`,
  fileWithPath: (fileIds, pred) => `list_has_any(${fileIds}, (SELECT coalesce(list(f.id), []) FROM files f WHERE ${pred('f.path')}))`,
  fileImportedWithin: (fileIds, lo, hi) => `list_has_any(${fileIds}, (SELECT coalesce(list(f.id), []) FROM files f WHERE f.imported_at BETWEEN ${lo} AND ${hi}))`,
  regexMatch: (x, pattern) => `regexp_full_match(${x}, ${pattern})`,
  ipv4Number: (x) =>
    `(CASE WHEN regexp_full_match(${x}, '\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}') THEN ` +
    `split_part(${x}, '.', 1)::BIGINT * 16777216 + split_part(${x}, '.', 2)::BIGINT * 65536 + split_part(${x}, '.', 3)::BIGINT * 256 + split_part(${x}, '.', 4)::BIGINT END)`,
  ipv4Octet: (x, n) => `TRY_CAST(split_part(${x}, '.', ${Math.floor(n)}) AS INTEGER)`,
  // The `::` run is expanded to the zero groups it stands for, then every group padded to 4 digits.
  ipv6Hex: (x) => {
    const groups = (part: string) => `(CASE WHEN ${part} = '' THEN []::VARCHAR[] ELSE string_split(${part}, ':') END)`;
    const head = groups(`split_part(${x}, '::', 1)`);
    const tail = groups(`(CASE WHEN contains(${x}, '::') THEN split_part(${x}, '::', 2) ELSE '' END)`);
    const all = `list_concat(${head}, list_transform(range(8 - len(${head}) - len(${tail})), lambda __i: '0'), ${tail})`;
    return `(CASE WHEN contains(${x}, ':') THEN lower(array_to_string(list_transform(${all}, lambda __g: lpad(__g, 4, '0')), '')) END)`;
  },
};

// The SQL that differs between stores. The compiler and the searches speak only through this.

/** A value bound to a query: text lists travel as one value (see `textIn`). */
export type Param = string | number | bigint | string[];

export interface Dialect {
  /** Literals for true and false (ClickHouse 18 has no boolean keywords). */
  readonly true: string;
  readonly false: string;
  /** LIKE with backslash as the escape character. */
  like(x: string, pattern: string): string;
  /** One row per element of a list column, in a SELECT list. */
  unnest(col: string): string;
  /** The start of `t`'s bucket of `width` (integers). */
  bucket(t: string, width: string): string;
  /** Any value as text. */
  toText(x: string): string;
  /** A text literal. */
  quote(text: string): string;
  /** `x` is one of the texts; `p` binds a parameter. */
  textIn(x: string, values: string[], p: (v: Param) => string): string;
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
  true: 'true',
  false: 'false',
  like: (x, pattern) => `${x} LIKE ${pattern} ESCAPE '\\'`,
  unnest: (col) => `unnest(${col})`,
  bucket: (t, width) => `(${t} // ${width}) * ${width}`,
  toText: (x) => `${x}::VARCHAR`,
  quote: (text) => `'${text.replace(/'/g, "''")}'`,
  textIn: (x, values, p) => `${x} IN (SELECT unnest(${p(JSON.stringify(values))}::JSON::VARCHAR[]))`,
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

/** Where ClickHouse's SQL takes the n-th parameter; its client puts the escaped literal there. */
export const clickHouseParam = (n: number): string => `@@p${n}@@`;

/**
 * ClickHouse 18.16 and later. Lists are Arrays (never NULL: empty means no value); there are no
 * query parameters in 18.16, so values are escaped literals (see clickhouse/literal.ts).
 */
export const CLICKHOUSE: Dialect = {
  true: '1',
  false: '0',
  like: (x, pattern) => `${x} LIKE ${pattern}`,
  unnest: (col) => `arrayJoin(${col})`,
  bucket: (t, width) => `intDiv(${t}, ${width}) * ${width}`,
  toText: (x) => `toString(${x})`,
  quote: (text) => `'${text.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`,
  textIn: (x, values, p) => `has(${p(values)}, ${x})`,
  param: clickHouseParam,
  anyElement: (col, pred) => `arrayExists(__v -> ${pred('__v')}, ${col})`,
  listContains: (col, value) => `has(${col}, ${value})`,
  listLength: (col) => `length(${col})`,
  // RE2 behind match() finds; anchoring the whole pattern makes it a full match, as in DuckDB.
  regexMatch: (x, pattern) => `match(${x}, concat('^(?:', ${pattern}, ')$'))`,
  // Scalar subqueries run once on the server that receives the query (files live there).
  fileWithPath: (fileIds, pred) => `hasAny(${fileIds}, (SELECT groupArray(toInt64(f.id)) FROM files AS f FINAL WHERE ${pred('f.path')}))`,
  fileImportedWithin: (fileIds, lo, hi) => `hasAny(${fileIds}, (SELECT groupArray(toInt64(f.id)) FROM files AS f FINAL WHERE f.imported_at BETWEEN ${lo} AND ${hi}))`,
  ipv4Number: (x) => `if(match(${x}, '^\\\\d{1,3}\\\\.\\\\d{1,3}\\\\.\\\\d{1,3}\\\\.\\\\d{1,3}$'), toInt64(IPv4StringToNum(${x})), NULL)`,
  // Bits of the address as a number: string splitting costs ~10x more per row.
  ipv4Octet: (x, n) => `if(position(${x}, ':') > 0, NULL, toInt32(bitAnd(bitShiftRight(IPv4StringToNum(ifNull(${x}, '')), ${8 * (4 - Math.floor(n))}), 255)))`,
  ipv6Hex: (x) => `if(position(${x}, ':') > 0, lower(hex(IPv6StringToNum(${x}))), NULL)`,
};

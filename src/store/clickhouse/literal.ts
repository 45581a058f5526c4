// ClickHouse 18.16 has no query parameters: values become literals here, escaped for ClickHouse's
// quoted strings (backslash escapes), and put where the dialect's placeholders stand.
import type { Param } from '../../query/dialect.js';
import { CLICKHOUSE } from '../../query/dialect.js';

export function literal(v: Param): string {
  if (Array.isArray(v)) return `[${v.map((x) => CLICKHOUSE.quote(String(x))).join(', ')}]`;
  if (typeof v === 'bigint') return v.toString();
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) throw new Error(`cannot bind ${v} as a ClickHouse literal`);
    return Number.isInteger(v) ? v.toFixed(0) : String(v);
  }
  return CLICKHOUSE.quote(v);
}

/** The SQL with every `@@pN@@` replaced by the N-th value, in one pass (values are never rescanned). */
export function bind(sql: string, params: Param[]): string {
  return sql.replace(/@@p(\d+)@@/g, (_, n: string) => {
    const i = Number(n) - 1;
    if (i < 0 || i >= params.length) throw new Error(`no value for parameter ${n}`);
    return literal(params[i]);
  });
}

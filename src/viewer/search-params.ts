// The parameters every searching route shares (Arkime's names), and their translation into a
// store Search: the expression parsed and checked, the time range, the shortcuts it names, and
// the user's forced expression AND-ed in.
import { z } from 'zod';
import { parseExpression, ExpressionError } from '../query/parser.js';
import { compileExpression } from '../query/compile.js';
import { DUCKDB } from '../query/dialect.js';
import { timeRange } from '../query/dates.js';
import type { Expr, Value } from '../query/ast.js';
import type { Search } from '../store/search.js';
import type { ViewerStore } from '../store/store.js';
import { fieldByName } from '../fields/catalogue.js';
import { closestFields } from '../query/simple.js';
import { HttpError } from './http.js';
import type { AuthUser } from './auth.js';

export const searchParams = {
  expression: z.string().max(100_000).optional().describe("Arkime expression, e.g. ip.src == 10.0.0.1 && port.dst == 53"),
  date: z.coerce.number().optional().describe('Hours back from now; -1 for all time. Default (with no startTime/stopTime): 1'),
  startTime: z.string().max(64).optional().describe('Start of the window: epoch seconds, or a date (YYYY/MM/DD HH:MM:SS, ISO 8601, -2h...)'),
  stopTime: z.string().max(64).optional().describe('End of the window, as startTime'),
  bounding: z.enum(['first', 'last', 'both', 'either', 'database']).optional().describe('Which session times must fall in the window (default last)'),
  ids: z.string().max(1_000_000).optional().describe('Comma-separated session ids: only these sessions'),
};

export const SearchQuery = z.object(searchParams);
export type SearchQueryT = z.infer<typeof SearchQuery>;

export async function buildSearch(store: ViewerStore, q: SearchQueryT, user: AuthUser, now = Date.now()): Promise<Search> {
  const time = timeRange(q, now);
  if (typeof time === 'string') throw new HttpError(400, time);
  let expression: Expr | undefined;
  try {
    expression = q.expression?.trim() ? parseExpression(q.expression) : undefined;
    // A forced expression is the user's fence: AND-ed, and its own parse errors are the admin's.
    if (user.expression) {
      const forced = parseExpression(user.expression);
      expression = expression ? { type: 'and', left: forced, right: expression } : forced;
    }
  } catch (e) {
    throw expressionError(e);
  }
  const names = expression ? shortcutNames(expression) : [];
  const shortcuts = await store.shortcutValues(names);
  const search: Search = { expression, time, shortcuts, now, ids: q.ids ? q.ids.split(',').map((s) => s.trim()).filter(Boolean) : undefined };
  if (expression) {
    try {
      // Compiled once here for its errors (unknown fields, bad values) before any SQL runs.
      compileExpression(expression, () => 'x', DUCKDB, 1, { shortcuts: (n) => shortcuts.get(n), now });
    } catch (e) {
      throw expressionError(e);
    }
  }
  return search;
}

export function expressionError(e: unknown): unknown {
  if (e instanceof ExpressionError) return new HttpError(400, `bad expression: ${e.message}`, { position: e.position, expected: e.expected });
  return e;
}

function shortcutNames(e: Expr): string[] {
  if (e.type === 'not') return shortcutNames(e.expr);
  if (e.type !== 'term') return [...shortcutNames(e.left), ...shortcutNames(e.right)];
  const items: Value[] = e.value.kind === 'list' ? e.value.items : [e.value];
  return items.flatMap((v) => (v.kind === 'word' && v.text.startsWith('$') ? [v.text.slice(1)] : []));
}

/** A catalogue field a route names (`field`, `exp`, `fields=`), or a 400 with the closest names. */
export function namedField(name: string, param: string) {
  const f = fieldByName(name);
  if (!f || f.internal) throw new HttpError(400, `${param}: unknown field "${name}"; closest known fields: ${closestFields(name).join(', ')}`);
  return f;
}

/** Histogram bucket width: Arkime's choice of seconds, minutes, hours or days by the span. */
export function intervalFor(spanMs: number, asked?: string): number {
  if (asked === 'second') return 1e3;
  if (asked === 'minute') return 60e3;
  if (asked === 'hour') return 3600e3;
  if (asked === 'day') return 86400e3;
  if (spanMs <= 5 * 60e3) return 1e3;
  if (spanMs <= 5 * 86400e3) return 60e3;
  if (spanMs <= 60 * 86400e3) return 3600e3;
  return 86400e3;
}

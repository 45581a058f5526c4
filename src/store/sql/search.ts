// Searches and aggregations over session tables, for every SQL store: the store hands in an
// engine (its dialect and a way to run SQL). One `SearchSql` per query collects parameters and the
// protocol tables the query touches (joined by session id; ClickHouse keeps one wide table).
import { compileExpression, compileTimeRange } from '../../query/compile.js';
import type { Dialect, Param } from '../../query/dialect.js';
import { F, fieldByName } from '../../fields/catalogue.js';
import type { FieldDef } from '../../fields/types.js';
import type { Expr } from '../../query/ast.js';
import type { Connections, HistoBucket, Page, PageResult, Search, ValueCount, ValueSeries } from '../search.js';
import { normalise } from './rows.js';

/** A session table: `sessions` (core fields, or all of them) or one protocol group's table. */
export interface SessionTable {
  name: string;
  /** Catalogue fields stored here (protocol tables also hold the session id, first). */
  fields: FieldDef[];
  core: boolean;
}

export function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/** What a store gives the searches: its tables, its dialect, and SQL runs returning plain rows. */
export interface SqlEngine {
  readonly tables: SessionTable[];
  readonly dialect: Dialect;
  all(sql: string, params: Param[]): Promise<Record<string, unknown>[]>;
  stream(sql: string, params: Param[]): AsyncGenerator<Record<string, unknown>>;
}

export class SearchSql {
  readonly params: Param[] = [];
  private readonly used = new Set<SessionTable>();
  private readonly tables: SessionTable[];
  private readonly d: Dialect;

  constructor(e: SqlEngine) {
    this.tables = e.tables;
    this.d = e.dialect;
  }

  private alias(t: SessionTable): string {
    return t.core ? 's' : `p${this.tables.indexOf(t)}`;
  }

  tableOf(f: FieldDef): SessionTable {
    const stored = f.countOf ?? f;
    return this.tables.find((t) => t.fields.includes(stored))!;
  }

  /** The column of a field (its count for `.cnt` fields); the field's table joins the query. */
  readonly ref = (f: FieldDef): string => {
    if (f.countOf) return this.d.listLength(this.ref(f.countOf));
    const t = this.tableOf(f);
    this.used.add(t);
    return `${this.alias(t)}.${quoteIdent(f.column)}`;
  };

  p(v: Param): string {
    this.params.push(v);
    return this.d.param(this.params.length);
  }

  where(s: Search): string {
    const parts: string[] = [];
    // All time (no bounds) adds no condition, so that unfiltered searches stay unfiltered.
    if (s.time && (s.time.startMs !== undefined || s.time.stopMs !== undefined)) {
      const c = compileTimeRange(s.time, this.ref, this.d, this.params.length + 1);
      parts.push(c.sql);
      this.params.push(...c.params);
    }
    if (s.expression) {
      const c = compileExpression(s.expression, this.ref, this.d, this.params.length + 1, { shortcuts: (n) => s.shortcuts?.get(n), now: s.now });
      parts.push(c.sql);
      this.params.push(...c.params);
    }
    for (const t of s.terms ?? []) {
      const f = fieldByName(t.field)!;
      const v = f.kind === 'integer' || f.kind === 'date' ? Number(t.value) : t.value;
      parts.push(f.multi ? this.d.listContains(this.ref(f), this.p(v)) : `${this.ref(f)} = ${this.p(v)}`);
    }
    if (s.ids) parts.push(this.d.textIn(this.ref(F.id), s.ids, (v) => this.p(v)));
    return parts.length ? ` WHERE ${parts.join(' AND ')}` : '';
  }

  /**
   * The one protocol table a search reads when it reads no core column (no time bounds either):
   * its matches can then be counted in that table alone. Null otherwise, or when the expression
   * negates (a session without a row there would then match).
   */
  soleTable(s: Search): SessionTable | null {
    if (s.ids || s.terms?.length || (s.expression && negates(s.expression))) return null;
    const used = [...this.used];
    return used.length === 1 && !used[0].core ? used[0] : null;
  }

  unnest(col: string): string {
    return this.d.unnest(col);
  }

  bucket(t: string, width: number): string {
    return this.d.bucket(t, this.p(width));
  }

  /** FROM with the joins of every table referenced so far: call after building the rest. */
  from(): string {
    const joins = this.tables.filter((t) => !t.core && this.used.has(t)).map((t) => ` LEFT JOIN ${quoteIdent(t.name)} ${this.alias(t)} ON ${this.alias(t)}.session_id = s.id`);
    return ` FROM sessions s${joins.join('')}`;
  }
}

/** True when a session with no row in a table could match: a negation, or a count (0 for none). */
function negates(e: Expr): boolean {
  if (e.type === 'not') return true;
  if (e.type === 'term') return e.op === '!=' || Boolean(fieldByName(e.field)?.countOf);
  return negates(e.left) || negates(e.right);
}

const num = (v: unknown): number => Number(v ?? 0);

/** Pages up to this long are fetched in two steps (see searchPage). */
const TWO_STEP_MAX = 10_000;

export async function searchPage(e: SqlEngine, s: Search, page: Page): Promise<PageResult> {
  const fields = page.fields.map((n) => fieldByName(n)!);
  const orderBy = (q: SearchSql) => [...page.order.map((k) => `${q.ref(fieldByName(k.field)!)} ${k.desc ? 'DESC' : 'ASC'} NULLS LAST`), `${q.ref(F.id)}`].join(', ');
  let rows: Record<string, unknown>[] = [];
  if (page.length > 0) {
    const q = new SearchSql(e);
    const where = q.where(s);
    if (page.length <= TWO_STEP_MAX) {
      // First the page's ids, reading only the filter and sort columns; then the page's rows by
      // id. A single query would read every shown column of every matching row before sorting
      // (5-10x slower over millions of sessions).
      const order = orderBy(q);
      const bound = await timeBound(e, s, page);
      const hits = await e.all(`SELECT ${q.ref(F.id)} AS id, ${q.ref(F.firstPacket)} AS fp${q.from()}${where}${bound ? `${where ? ' AND' : ' WHERE'} ${q.ref(F.firstPacket)} ${bound}` : ''} ORDER BY ${order} LIMIT ${page.length} OFFSET ${page.start}`, q.params);
      if (hits.length) {
        const r = new SearchSql(e);
        const select = fields.map((f) => `${r.ref(f)} AS ${quoteIdent(f.exp)}`).join(', ');
        const rowOrder = orderBy(r);
        // Ids are the database's own values; as literals the scan can filter on them. The page's
        // first-packet span lets the scan skip what lies outside it (both stores keep sessions
        // roughly in time order: ClickHouse sorts by it, DuckDB's zone maps follow inserts).
        const list = hits.map((h) => e.dialect.quote(String(h.id))).join(', ');
        const fps = hits.map((h) => num(h.fp));
        const span = `${r.ref(F.firstPacket)} BETWEEN ${Math.min(...fps)} AND ${Math.max(...fps)}`;
        rows = await e.all(`SELECT ${select}${r.from()} WHERE ${span} AND s.${quoteIdent(F.id.column)} IN (${list}) ORDER BY ${rowOrder}`, r.params);
      }
    } else {
      const select = fields.map((f) => `${q.ref(f)} AS ${quoteIdent(f.exp)}`).join(', ');
      const order = orderBy(q);
      rows = await e.all(`SELECT ${select}${q.from()}${where} ORDER BY ${order} LIMIT ${page.length} OFFSET ${page.start}`, q.params);
    }
  }
  const c = new SearchSql(e);
  const cw = c.where(s);
  // Every protocol row belongs to exactly one stored session (rows are written with their
  // session and deleted with it), so a count over that table alone is the same count.
  const sole = c.soleTable(s);
  const from = sole ? ` FROM ${quoteIdent(sole.name)} p${e.tables.indexOf(sole)}` : c.from();
  const filtered = await e.all(`SELECT count(*) AS n${from}${cw}`, c.params);
  const total = await e.all('SELECT count(*) AS n FROM sessions', []);
  return { recordsTotal: num(total[0].n), recordsFiltered: num(filtered[0].n), data: rows.map(normalise) };
}

/**
 * For pages sorted by first packet: the first packet of the page's last session, as a bound
 * (`>= T` newest first, `<= T` oldest first) that keeps every session of the page. Found reading
 * the time column alone, it spares the ids query from sorting the ids of every matching session
 * (ClickHouse 18.16 has no read-in-order: 374 ms → tens of ms at 10 M sessions).
 */
async function timeBound(e: SqlEngine, s: Search, page: Page): Promise<string | null> {
  const first = page.order[0];
  if (!first || fieldByName(first.field) !== F.firstPacket) return null;
  const q = new SearchSql(e);
  const where = q.where(s);
  const fp = q.ref(F.firstPacket);
  const r = await e.all(`SELECT ${fp} AS fp${q.from()}${where} ORDER BY ${fp} ${first.desc ? 'DESC' : 'ASC'} LIMIT 1 OFFSET ${page.start + page.length - 1}`, q.params);
  return r.length ? `${first.desc ? '>=' : '<='} ${num(r[0].fp)}` : null;
}

export async function timeSpan(e: SqlEngine, s: Search): Promise<{ first: number; last: number } | null> {
  const q = new SearchSql(e);
  const where = q.where(s);
  // By count: ClickHouse's min() over no rows of a non-NULL column is 0, not NULL.
  const r = (await e.all(`SELECT count(*) AS n, min(${q.ref(F.firstPacket)}) AS a, max(${q.ref(F.firstPacket)}) AS b${q.from()}${where}`, q.params))[0];
  return num(r.n) === 0 ? null : { first: num(r.a), last: num(r.b) };
}

/** Sessions per time bucket (by first packet), with their packets and bytes. */
export async function histogram(e: SqlEngine, s: Search, intervalMs: number): Promise<HistoBucket[]> {
  const q = new SearchSql(e);
  const where = q.where(s);
  const t = q.ref(F.firstPacket);
  const sql = `SELECT ${q.bucket(t, intervalMs)} AS bt, count(*) AS n_sessions, sum(${q.ref(F.packets)}) AS n_packets, sum(${q.ref(F.bytes)}) AS n_bytes, sum(${q.ref(F.data)}) AS n_databytes${q.from()}${where} GROUP BY bt ORDER BY bt`;
  return (await e.all(sql, q.params)).map((r) => ({ t: num(r.bt), sessions: num(r.n_sessions), packets: num(r.n_packets), bytes: num(r.n_bytes), databytes: num(r.n_databytes) }));
}

/** A field's values as rows `v` (one per value for list fields), under the search. */
function valuesOf(q: SearchSql, f: FieldDef, s: Search, extra: string[] = []): string {
  const table = q.tableOf(f);
  if (!table.core && !f.countOf && !extra.length) {
    // A protocol field is read from its own table: the sessions table is only consulted for the
    // ids the search selects (not joined row by row), and not at all for an unfiltered search.
    const where = q.where(s);
    const col = `p.${quoteIdent(f.column)}`;
    const ids = where ? ` WHERE p.session_id IN (SELECT s.id${q.from()}${where})` : '';
    return `SELECT ${f.multi ? q.unnest(col) : col} AS v FROM ${quoteIdent(table.name)} p${ids}`;
  }
  const where = q.where(s);
  const col = q.ref(f);
  const v = f.multi && !f.countOf ? q.unnest(col) : col;
  return `SELECT ${[`${v} AS v`, ...extra].join(', ')}${q.from()}${where}`;
}

export async function topValues(e: SqlEngine, s: Search, f: FieldDef, size: number): Promise<ValueCount[]> {
  const q = new SearchSql(e);
  const inner = valuesOf(q, f, s);
  const rows = await e.all(`SELECT v, count(*) AS n FROM (${inner}) WHERE v IS NOT NULL GROUP BY v ORDER BY n DESC, v LIMIT ${size}`, q.params);
  return rows.map((r) => ({ value: typeof r.v === 'bigint' ? Number(r.v) : (r.v as string | number), count: num(r.n) }));
}

/** The top values of a field, each with its sessions per time bucket. */
export async function valueSeries(e: SqlEngine, s: Search, f: FieldDef, size: number, intervalMs: number): Promise<ValueSeries[]> {
  const top = await topValues(e, s, f, size);
  if (!top.length) return [];
  const q = new SearchSql(e);
  const inner = valuesOf(q, f, s, [`${q.ref(F.firstPacket)} AS t`]);
  const d = e.dialect;
  const keys = d.textIn(d.toText('v'), top.map((x) => String(x.value)), (v) => q.p(v));
  const rows = await e.all(`SELECT ${d.toText('v')} AS vt, ${q.bucket('t', intervalMs)} AS b, count(*) AS n FROM (${inner}) WHERE ${keys} GROUP BY vt, b ORDER BY b`, q.params);
  const byValue = new Map(top.map((x) => [String(x.value), { ...x, series: [] as [number, number][] }]));
  for (const r of rows) byValue.get(String(r.vt))?.series.push([num(r.b), num(r.n)]);
  return [...byValue.values()];
}

export async function connections(e: SqlEngine, s: Search, src: FieldDef, dst: FieldDef, minConn: number, size: number): Promise<Connections> {
  const q = new SearchSql(e);
  const where = q.where(s);
  const side = (f: FieldDef) => (f.multi && !f.countOf ? q.unnest(q.ref(f)) : q.ref(f));
  const inner = `SELECT ${side(src)} AS a, ${side(dst)} AS b, ${q.ref(F.bytes)} AS cb, ${q.ref(F.packets)} AS cp${q.from()}${where}`;
  const links = await e.all(`SELECT a, b, count(*) AS n, sum(cb) AS sb, sum(cp) AS sp FROM (${inner}) WHERE a IS NOT NULL AND b IS NOT NULL GROUP BY a, b HAVING count(*) >= ${q.p(minConn)} ORDER BY n DESC LIMIT ${size}`, q.params);
  const nodes = new Map<string, Connections['nodes'][number]>();
  const out: Connections = { nodes: [], links: [] };
  const key = (v: unknown) => (typeof v === 'bigint' ? Number(v) : (v as string | number));
  for (const l of links) {
    const a = key(l.a), b = key(l.b);
    const [n, bytes, packets] = [num(l.n), num(l.sb), num(l.sp)];
    out.links.push({ source: a, target: b, sessions: n, bytes, packets });
    for (const [id, role] of [[a, 'src'], [b, 'dst']] as const) {
      let node = nodes.get(String(id));
      if (!node) nodes.set(String(id), (node = { id, field: role, sessions: 0, bytes: 0, packets: 0 }));
      else if (node.field !== role) node.field = 'both';
      node.sessions += n;
      node.bytes += bytes;
      node.packets += packets;
    }
  }
  out.nodes = [...nodes.values()];
  return out;
}

/** Distinct values of a field with their session counts, streamed in chunks. */
export async function* uniqueValues(e: SqlEngine, s: Search, f: FieldDef, byCount: boolean): AsyncGenerator<ValueCount> {
  const q = new SearchSql(e);
  const inner = valuesOf(q, f, s);
  for await (const r of e.stream(`SELECT v, count(*) AS n FROM (${inner}) WHERE v IS NOT NULL GROUP BY v ORDER BY ${byCount ? 'n DESC, v' : 'v'}`, q.params)) {
    yield { value: typeof r.v === 'bigint' ? Number(r.v) : (r.v as string | number), count: num(r.n) };
  }
}

/** Every matching session with the chosen fields, in first-packet order, streamed. */
export async function* streamSessions(e: SqlEngine, s: Search, fieldNames: string[], limit?: number): AsyncGenerator<Record<string, unknown>> {
  const q = new SearchSql(e);
  const where = q.where(s);
  const select = fieldNames.map((n) => fieldByName(n)!).map((f) => `${q.ref(f)} AS ${quoteIdent(f.exp)}`).join(', ');
  const order = `${q.ref(F.firstPacket)}, ${q.ref(F.id)}`;
  const sql = `SELECT ${select}${q.from()}${where} ORDER BY ${order}${limit !== undefined ? ` LIMIT ${Math.max(0, Math.floor(limit))}` : ''}`;
  for await (const r of e.stream(sql, q.params)) yield normalise(r);
}

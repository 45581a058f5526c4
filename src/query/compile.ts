// Compiles an expression tree to a SQL condition. Every value travels as a parameter, so no
// expression can change the SQL's shape; field semantics follow Arkime's field kinds.
import type { FieldDef } from '../fields/types.js';
import { F, fieldByName } from '../fields/catalogue.js';
import { parseIpValue, type IpValue } from './ip-values.js';
import { parseIp as parseIpBytes } from '../session/ip-format.js';
import { parseDateValue, type TimeRange } from './dates.js';
import type { Expr, Op, Value } from './ast.js';
import type { Dialect } from './dialect.js';
import { ExpressionError } from './parser.js';
import { closestFields } from './simple.js';
import { fieldGroup } from './groups.js';

export interface Compiled {
  sql: string;
  params: (string | number)[];
  /** Catalogue fields the condition reads (the store joins their tables). */
  fields: FieldDef[];
}

/** `column(f)`: the SQL for a stored field's column (a list column for multi-valued fields). */
export interface CompileOptions {
  /** Values of `$name` shortcuts (the caller loads the ones the expression names). */
  shortcuts?: (name: string) => string[] | undefined;
  /** "Now" for relative dates (epoch ms). */
  now?: number;
}

export function compileExpression(e: Expr, column: (f: FieldDef) => string, dialect: Dialect, firstParam = 1, opts: CompileOptions = {}): Compiled {
  const c = new Compiler(column, dialect, firstParam, opts);
  return { sql: c.expr(e), params: c.params, fields: c.fields };
}

type Scalar = Exclude<Value, { kind: 'list' } | { kind: 'exists' }>;

class Compiler {
  readonly params: (string | number)[] = [];
  readonly fields: FieldDef[] = [];

  constructor(private readonly column: (f: FieldDef) => string, private readonly d: Dialect, private readonly first: number, private readonly opts: CompileOptions) {}

  private p(v: string | number): string {
    this.params.push(v);
    return this.d.param(this.first + this.params.length - 1);
  }

  /**
   * `negated`: the node sits under an odd number of NOTs. Only there must an unknown (NULL: the
   * session has no such value) read as false before it is negated; elsewhere a WHERE drops NULL
   * like false, and leaving the bare predicate lets the database push it into scans and joins.
   */
  expr(e: Expr, negated = false): string {
    switch (e.type) {
      case 'and': return `(${this.expr(e.left, negated)} AND ${this.expr(e.right, negated)})`;
      case 'or': return `(${this.expr(e.left, negated)} OR ${this.expr(e.right, negated)})`;
      case 'not': return `(NOT ${this.expr(e.expr, !negated)})`;
      default: return this.term(e, negated);
    }
  }

  private term(t: Extract<Expr, { type: 'term' }>, negated: boolean): string {
    const group = fieldByName(t.field) ? null : fieldGroup(t.field);
    if (group) {
      // A group matches when any of its fields does; `!=` when none does. An address with a port
      // (`ip == 10.0.0.1:80`) searches only the fields that have a port.
      const members = t.field === 'ip' && this.hasPort(t.value) ? group.filter((f) => PORT_OF[f.exp]) : group;
      const any = members.map((f) => this.term({ ...t, op: t.op === '!=' ? '==' : t.op, field: f.exp }, t.op === '!=' ? !negated : negated)).join(' OR ');
      return t.op === '!=' ? `(NOT (${any}))` : `(${any})`;
    }
    const f = fieldByName(t.field);
    if (!f || f.internal || f.packed) throw new ExpressionError(`unknown field "${t.field}"; closest known fields: ${closestFields(t.field).join(', ')}`, t.pos);
    this.fields.push(f.countOf ?? f);
    // `!=` is the negation of `==`, as in Arkime: no value of the field matches.
    const op: Op = t.op === '!=' ? '==' : t.op;
    const positive = this.positive(f, op, t.value, t.valuePos);
    if (t.op === '!=') return `(NOT coalesce(${positive}, ${this.d.false}))`;
    return negated ? `coalesce(${positive}, ${this.d.false})` : positive;
  }

  private positive(f: FieldDef, op: Op, v: Value, at: number): string {
    const multi = f.multi && !f.countOf;
    // For a `.cnt` field the store's column reference is already the count.
    const col = this.column(f);
    if (v.kind === 'exists') {
      if (op !== '==') throw new ExpressionError('EXISTS! takes == or !=', at);
      return multi ? `${this.d.listLength(col)} > 0` : `${col} IS NOT NULL`;
    }
    const items = this.expandShortcuts(v.kind === 'list' ? v.items : [v], at);
    if (items.some((i) => i.kind === 'list' || i.kind === 'exists')) throw new ExpressionError('lists cannot nest', at);
    if (f.kind === 'ip') return combine(v, (items as Scalar[]).map((item) => this.ipItem(f, op, item, col, multi, at)));
    if (f === F.file && (items as Scalar[]).some((i) => i.kind !== 'regex' && i.text.includes('/'))) {
      // Sessions record file names; a value with a directory (Arkime matches full paths) is looked
      // up in the files table, which keeps each file's path as imported.
      const ids = this.column(F.fileId);
      this.fields.push(F.fileId);
      return combine(v, (items as Scalar[]).map((item) => this.d.fileWithPath(ids, (path) => this.element(f, op, item, path, at))));
    }
    const one = (item: Scalar): string => {
      // Plain equality on a list column is a membership test (no unnest).
      const eq = op === '==' && multi ? this.equalityValue(f, item, at) : null;
      if (eq !== null) return this.d.listContains(col, this.p(eq));
      return multi ? this.d.anyElement(col, (x) => this.element(f, op, item, x, at)) : this.element(f, op, item, col, at);
    };
    return combine(v, (items as Scalar[]).map(one));
  }

  /** The stored form of a value that equality can find by membership, or null when it needs a predicate. */
  private equalityValue(f: FieldDef, v: Scalar, at: number): string | number | null {
    if (v.kind === 'regex') return null;
    const text = v.text;
    if (f.kind === 'integer' || f.kind === 'date') return /^-?\d+$/.test(text) ? this.number(f, text, at) : null;
    if (v.kind === 'word' && /[*?]/.test(text)) return null;
    return caseOf(f, text);
  }

  /** A condition on one scalar SQL expression `x`. */
  private element(f: FieldDef, op: Op, v: Scalar, x: string, at: number): string {
    const sqlOp = op === '==' ? '=' : op;
    if (v.kind === 'regex') {
      if (op !== '==') throw new ExpressionError('a regular expression takes == or !=', at);
      if (f.kind === 'integer' || f.kind === 'date') throw new ExpressionError(`field ${f.exp} is numeric: a regular expression cannot match it`, at);
      try {
        // Checked here so a broken pattern is the user's error with its position, not the database's.
        new RegExp(v.text);
      } catch (e) {
        throw new ExpressionError(`bad regular expression: ${(e as Error).message.replace(/^Invalid regular expression: /, '')}`, at);
      }
      // MAC addresses are stored with colons; Arkime's dashes are taken in patterns too.
      return this.d.regexMatch(x, this.p(isMac(f) ? v.text.replace(/-/g, ':') : v.text));
    }
    const text = v.text;
    if (f.kind === 'integer' || f.kind === 'date' || f.countOf) {
      const range = /^(-?\d+)-(-?\d+)$/.exec(text);
      if (range && op === '==') return `${x} BETWEEN ${this.p(this.number(f, range[1], at))} AND ${this.p(this.number(f, range[2], at))}`;
      return `${x} ${sqlOp} ${this.p(this.number(f, text, at))}`;
    }
    const value = caseOf(f, text);
    if (v.kind === 'word' && /[*?]/.test(text)) {
      if (op !== '==') throw new ExpressionError('wildcards take == or !=', at);
      const like = value.replace(/[\\%_]/g, (c) => `\\${c}`).replace(/\*/g, '%').replace(/\?/g, '_');
      return this.d.like(x, this.p(like));
    }
    return `${x} ${sqlOp} ${this.p(value)}`;
  }

  private number(f: FieldDef, text: string, at: number): number {
    if (f.kind === 'date') {
      const ms = parseDateValue(text, this.opts.now ?? Date.now());
      if (ms !== null) return ms;
      throw new ExpressionError(`field ${f.exp} needs a date (epoch seconds or ms, YYYY/MM/DD HH:MM:SS, ISO 8601, or relative like -2h, -7d@d), got "${text}"`, at);
    }
    if (/^-?\d+$/.test(text)) return Number(text);
    throw new ExpressionError(`field ${f.exp} needs an integer, got "${text}"`, at);
  }

  private hasPort(v: Value): boolean {
    const items = v.kind === 'list' ? v.items : [v];
    return items.some((i) => (i.kind === 'word' || i.kind === 'quoted') && (parseIpValue(i.text)?.port ?? null) !== null);
  }

  /** `$name` items stand for the shortcut's values. */
  private expandShortcuts(items: Value[], at: number): Value[] {
    return items.flatMap((i) => {
      if (i.kind !== 'word' || !i.text.startsWith('$')) return [i];
      const values = this.opts.shortcuts?.(i.text.slice(1));
      if (!values) throw new ExpressionError(`unknown shortcut "${i.text}"`, at);
      return values.map((text): Value => ({ kind: 'quoted', text }));
    });
  }

  /** One IP value: an address form (see ip-values.ts), optionally with the port of the same side. */
  private ipItem(f: FieldDef, op: Op, v: Scalar, col: string, multi: boolean, at: number): string {
    if (v.kind === 'regex') return multi ? this.d.anyElement(col, (x) => this.element(f, op, v, x, at)) : this.element(f, op, v, col, at);
    const value = parseIpValue(v.text);
    if (!value) throw new ExpressionError(`"${v.text}" is not an IP address, block, prefix or ip:port`, at);
    const parts: string[] = [];
    const a = value.addr;
    if (a) {
      if (a.kind === 'exact' && op === '==' && multi) parts.push(this.d.listContains(col, this.p(a.text)));
      else parts.push(multi ? this.d.anyElement(col, (x) => this.ipAddr(a, op, x, at)) : this.ipAddr(a, op, col, at));
    }
    if (value.port !== null) {
      const portField = PORT_OF[f.exp];
      if (!portField || op !== '==') throw new ExpressionError(`field ${f.exp} has no port to match${op !== '==' ? ` with ${op}` : ''}`, at);
      const pf = fieldByName(portField)!;
      this.fields.push(pf);
      parts.push(`${this.column(pf)} = ${this.p(value.port)}`);
    }
    return parts.length === 1 ? parts[0] : `(${parts.join(' AND ')})`;
  }

  private ipAddr(a: NonNullable<IpValue['addr']>, op: Op, x: string, at: number): string {
    const sqlOp = op === '==' ? '=' : op;
    if (a.kind === 'family') {
      if (op !== '==') throw new ExpressionError(`ipv${a.version} takes == or !=`, at);
      return `${x} ${a.version === 6 ? '' : 'NOT '}LIKE '%:%'`;
    }
    if (a.kind === 'exact') {
      if (op === '==') return `${x} = ${this.p(a.text)}`;
      // Order comparisons are numeric, within the value's family.
      return a.version === 4 ? `${this.d.ipv4Number(x)} ${sqlOp} ${this.p(ipv4ToNumber(a.text))}` : `${this.d.ipv6Hex(x)} ${sqlOp} ${this.p(ipv6ToHex(a.text))}`;
    }
    if (op !== '==') throw new ExpressionError('an address block takes == or !=', at);
    if (a.kind === 'v6block') return `(${x} LIKE '%:%' AND ${this.d.ipv6Hex(x)} BETWEEN ${this.p(a.lo)} AND ${this.p(a.hi)})`;
    // A block fixes its whole leading octets (a text prefix) and bounds the next octet to a range:
    // no conversion of whole addresses, so the scan stays a string match.
    const parts = a.prefix ? [`${x} LIKE ${this.p(a.prefix + '%')}`] : [`${x} NOT LIKE '%:%'`];
    if (a.octet) parts.push(`${this.d.ipv4Octet(x, a.octet.n)} BETWEEN ${this.p(a.octet.lo)} AND ${this.p(a.octet.hi)}`);
    return parts.length === 1 ? parts[0] : `(${parts.join(' AND ')})`;
  }
}

/** The port field on the same side as an address field. */
const PORT_OF: Record<string, string> = { 'ip.src': 'port.src', 'ip.dst': 'port.dst' };

function ipv4ToNumber(text: string): number {
  return text.split('.').reduce((n, o) => n * 256 + Number(o), 0);
}

function ipv6ToHex(text: string): string {
  return Buffer.from(parseIpBytes(text)!).toString('hex');
}

/** One value's condition, or a list's: any item (`[a,b]`) or all of them (`]a,b[`). */
function combine(v: Value, parts: string[]): string {
  return parts.length === 1 ? parts[0] : `(${parts.join(v.kind === 'list' && v.all ? ' AND ' : ' OR ')})`;
}

function isMac(f: FieldDef): boolean {
  return /(^|\.)mac(\.|$)|^outermac\./.test(f.exp);
}

function caseOf(f: FieldDef, text: string): string {
  // MAC addresses are stored 00:11:22:...; Arkime also takes 00-11-22-... in queries.
  if (isMac(f) && /^([0-9a-f]{2}-){5}[0-9a-f]{2}$/i.test(text)) text = text.replace(/-/g, ':');
  return f.kind === 'lotermfield' ? text.toLowerCase() : f.kind === 'uptermfield' ? text.toUpperCase() : text;
}

/** The time window of a search as a condition on the session's first/last packet times. */
export function compileTimeRange(r: TimeRange, column: (f: FieldDef) => string, d: Dialect, firstParam: number): Compiled {
  const params: number[] = [];
  const p = (v: number) => (params.push(v), d.param(firstParam + params.length - 1));
  const within = (x: string) => [r.startMs !== undefined ? `${x} >= ${p(r.startMs)}` : '', r.stopMs !== undefined ? `${x} <= ${p(r.stopMs)}` : ''].filter(Boolean).join(' AND ') || d.true;
  const first = column(F.firstPacket);
  const last = column(F.lastPacket);
  let sql: string;
  switch (r.bounding) {
    case 'first': sql = within(first); break;
    case 'both': sql = `(${within(first)} AND ${within(last)})`; break;
    // Overlap: the session started before the window ended and ended after it began.
    case 'either': sql = `(${r.stopMs !== undefined ? `${first} <= ${p(r.stopMs)}` : d.true} AND ${r.startMs !== undefined ? `${last} >= ${p(r.startMs)}` : d.true})`; break;
    // When the session was written: the import time of its files (sessions are written as read).
    case 'database': sql = r.startMs === undefined && r.stopMs === undefined ? d.true : d.fileImportedWithin(column(F.fileId), p(r.startMs ?? 0), p(r.stopMs ?? Number.MAX_SAFE_INTEGER)); break;
    // A session ends after it starts: `first <= stop` adds nothing to the meaning, but lets a store
    // skip by its first-packet order (ClickHouse's sort key, DuckDB's zone maps).
    default: sql = r.stopMs !== undefined ? `(${within(last)} AND ${first} <= ${p(r.stopMs)})` : within(last);
  }
  return { sql, params, fields: r.bounding === 'database' ? [F.fileId] : [F.firstPacket, F.lastPacket] };
}

// Compiles an expression tree to a SQL condition. Every value travels as a parameter, so no
// expression can change the SQL's shape; field semantics follow Arkime's field kinds.
import type { FieldDef } from '../fields/types.js';
import { F, fieldByName } from '../fields/catalogue.js';
import { ipToString, parseIp } from '../session/ip-format.js';
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
export function compileExpression(e: Expr, column: (f: FieldDef) => string, dialect: Dialect, firstParam = 1): Compiled {
  const c = new Compiler(column, dialect, firstParam);
  return { sql: c.expr(e), params: c.params, fields: c.fields };
}

type Scalar = Exclude<Value, { kind: 'list' } | { kind: 'exists' }>;

class Compiler {
  readonly params: (string | number)[] = [];
  readonly fields: FieldDef[] = [];

  constructor(private readonly column: (f: FieldDef) => string, private readonly d: Dialect, private readonly first: number) {}

  private p(v: string | number): string {
    this.params.push(v);
    return this.d.param(this.first + this.params.length - 1);
  }

  expr(e: Expr): string {
    switch (e.type) {
      case 'and': return `(${this.expr(e.left)} AND ${this.expr(e.right)})`;
      case 'or': return `(${this.expr(e.left)} OR ${this.expr(e.right)})`;
      case 'not': return `(NOT ${this.expr(e.expr)})`;
      default: return this.term(e);
    }
  }

  private term(t: Extract<Expr, { type: 'term' }>): string {
    const group = fieldByName(t.field) ? null : fieldGroup(t.field);
    if (group) {
      // A group matches when any of its fields does; `!=` when none does.
      const ipPort = t.field === 'ip' && t.value.kind === 'word' ? /^(\d+\.\d+\.\d+\.\d+):(\d+)$/.exec(t.value.text) : null;
      const any = ipPort
        ? ['src', 'dst'].map((side) => `(${this.term({ ...t, op: '==', field: `ip.${side}`, value: { kind: 'word', text: ipPort[1] } })} AND ${this.term({ ...t, op: '==', field: `port.${side}`, value: { kind: 'word', text: ipPort[2] } })})`).join(' OR ')
        : group.map((f) => this.term({ ...t, op: t.op === '!=' ? '==' : t.op, field: f.exp })).join(' OR ');
      return t.op === '!=' ? `(NOT (${any}))` : `(${any})`;
    }
    const f = fieldByName(t.field);
    if (!f || f.internal || f.packed) throw new ExpressionError(`unknown field "${t.field}"; closest known fields: ${closestFields(t.field).join(', ')}`, t.pos);
    this.fields.push(f.countOf ?? f);
    // `!=` is the negation of `==`, as in Arkime: no value of the field matches.
    const op: Op = t.op === '!=' ? '==' : t.op;
    const positive = this.positive(f, op, t.value, t.valuePos);
    return t.op === '!=' ? `(NOT coalesce(${positive}, false))` : `coalesce(${positive}, false)`;
  }

  private positive(f: FieldDef, op: Op, v: Value, at: number): string {
    const multi = f.multi && !f.countOf;
    // For a `.cnt` field the store's column reference is already the count.
    const col = this.column(f);
    if (v.kind === 'exists') {
      if (op !== '==') throw new ExpressionError('EXISTS! takes == or !=', at);
      return multi ? `${this.d.listLength(col)} > 0` : `${col} IS NOT NULL`;
    }
    const items = v.kind === 'list' ? v.items : [v];
    if (items.some((i) => i.kind === 'list')) throw new ExpressionError('lists cannot nest', at);
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
    if (f.kind === 'ip') {
      const ip = parseIp(text);
      return ip ? ipToString(ip.length === 4 ? 4 : 6, ip) : null;
    }
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
      return this.d.regexMatch(x, this.p(v.text));
    }
    const text = v.text;
    if (f.kind === 'integer' || f.kind === 'date' || f.countOf) {
      const range = /^(-?\d+)-(-?\d+)$/.exec(text);
      if (range && op === '==') return `${x} BETWEEN ${this.p(Number(range[1]))} AND ${this.p(Number(range[2]))}`;
      return `${x} ${sqlOp} ${this.p(this.number(f, text, at))}`;
    }
    if (f.kind === 'ip') return this.ip(op, text, x, at);
    const value = caseOf(f, text);
    if (v.kind === 'word' && /[*?]/.test(text)) {
      if (op !== '==') throw new ExpressionError('wildcards take == or !=', at);
      const like = value.replace(/[\\%_]/g, (c) => `\\${c}`).replace(/\*/g, '%').replace(/\?/g, '_');
      return `${x} LIKE ${this.p(like)} ESCAPE '\\'`;
    }
    return `${x} ${sqlOp} ${this.p(value)}`;
  }

  private number(f: FieldDef, text: string, at: number): number {
    if (/^-?\d+$/.test(text)) return Number(text);
    if (f.kind === 'date') {
      const ms = Date.parse(text.replace(/\//g, '-'));
      if (Number.isFinite(ms)) return ms;
      throw new ExpressionError(`field ${f.exp} needs a date (epoch ms or YYYY-MM-DD[THH:MM:SS]), got "${text}"`, at);
    }
    throw new ExpressionError(`field ${f.exp} needs an integer, got "${text}"`, at);
  }

  /** Exact addresses (v4 or v6), v4 CIDR blocks and Arkime's short prefixes (`10.1` = 10.1.0.0/16). */
  private ip(op: Op, text: string, x: string, at: number): string {
    const exact = parseIp(text);
    if (exact) return `${x} ${op === '==' ? '=' : op} ${this.p(ipToString(exact.length === 4 ? 4 : 6, exact))}`;
    const m = /^(\d{1,3})(?:\.(\d{1,3}))?(?:\.(\d{1,3}))?(?:\.(\d{1,3}))?\.?(?:\/(\d{1,2}))?$/.exec(text);
    if (!m || op !== '==') throw new ExpressionError(`"${text}" is not an IP address, IPv4 block or prefix for this operator`, at);
    const octets = m.slice(1, 5).filter((o) => o !== undefined).map(Number);
    const bits = m[5] !== undefined ? Number(m[5]) : octets.length * 8;
    if (octets.some((o) => o > 255) || bits > 32) throw new ExpressionError(`"${text}" is not a valid IPv4 block`, at);
    let base = 0;
    for (let i = 0; i < 4; i++) base = base * 256 + (octets[i] ?? 0);
    const size = 2 ** (32 - bits);
    const lo = Math.floor(base / size) * size;
    return `${this.d.ipv4Number(x)} BETWEEN ${this.p(lo)} AND ${this.p(lo + size - 1)}`;
  }
}

/** One value's condition, or a list's: any item (`[a,b]`) or all of them (`]a,b[`). */
function combine(v: Value, parts: string[]): string {
  return parts.length === 1 ? parts[0] : `(${parts.join(v.kind === 'list' && v.all ? ' AND ' : ' OR ')})`;
}

function caseOf(f: FieldDef, text: string): string {
  // MAC addresses are stored 00:11:22:...; Arkime also takes 00-11-22-... in queries.
  if (/(^|\.)mac(\.|$)|^outermac\./.test(f.exp) && /^([0-9a-f]{2}-){5}[0-9a-f]{2}$/i.test(text)) text = text.replace(/-/g, ':');
  return f.kind === 'lotermfield' ? text.toLowerCase() : f.kind === 'uptermfield' ? text.toUpperCase() : text;
}

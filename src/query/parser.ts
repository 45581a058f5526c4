// Parses Arkime's expression language into an `Expr`. Precedence as Arkime's grammar: `!` binds
// tightest, then `&&`, then `||`; parentheses group. Errors name the position and what was expected.
import { OPS, type Expr, type Op, type Value } from './ast.js';

export class ExpressionError extends Error {
  constructor(readonly reason: string, readonly position: number, readonly expected: string[] = []) {
    super(`${reason} at position ${position}${expected.length ? ` (expected ${expected.join(' or ')})` : ''}`);
  }
}

const FIELD = /[A-Za-z_][A-Za-z0-9_.@:-]*/y;
/** Characters that end a bare word outside lists, and inside them. */
const WORD = /[^\s()&|"!=<>[\]]+/y;
const LIST_WORD = /[^\s,"[\]]+/y;
const SPACE = /\s*/y;

export function parseExpression(text: string): Expr {
  const p = new Parser(text);
  const e = p.or();
  p.skip();
  if (p.pos < text.length) throw new ExpressionError(`unexpected "${text.slice(p.pos, p.pos + 10)}"`, p.pos, ['&&', '||', 'end of expression']);
  return e;
}

class Parser {
  pos = 0;
  constructor(private readonly s: string) {}

  skip(): void {
    SPACE.lastIndex = this.pos;
    SPACE.exec(this.s);
    this.pos = SPACE.lastIndex;
  }

  private eat(token: string): boolean {
    this.skip();
    if (!this.s.startsWith(token, this.pos)) return false;
    this.pos += token.length;
    return true;
  }

  or(): Expr {
    let left = this.and();
    while (this.eat('||')) left = { type: 'or', left, right: this.and() };
    return left;
  }

  private and(): Expr {
    let left = this.unary();
    while (this.eat('&&')) left = { type: 'and', left, right: this.unary() };
    return left;
  }

  private unary(): Expr {
    this.skip();
    if (this.s[this.pos] === '!' && this.s[this.pos + 1] !== '=') {
      this.pos++;
      return { type: 'not', expr: this.unary() };
    }
    if (this.eat('(')) {
      const e = this.or();
      if (!this.eat(')')) throw new ExpressionError('unclosed parenthesis', this.pos, ['")"', '&&', '||']);
      return e;
    }
    return this.term();
  }

  private term(): Expr {
    this.skip();
    const pos = this.pos;
    if (pos >= this.s.length) throw new ExpressionError('the expression ends early', pos, ['a field name', '"("', '"!"']);
    FIELD.lastIndex = pos;
    const m = FIELD.exec(this.s);
    if (!m) throw new ExpressionError(`unexpected "${this.s.slice(pos, pos + 10)}"`, pos, ['a field name', '"("', '"!"']);
    this.pos = FIELD.lastIndex;
    this.skip();
    let op = OPS.find((o) => this.s.startsWith(o, this.pos));
    // Arkime also takes a single `=` for `==` (deep links use it: file=/path).
    if (!op && this.s[this.pos] === '=') op = '=' as Op;
    if (!op) throw new ExpressionError(`no operator after field "${m[0]}"`, this.pos, OPS.map((o) => `"${o}"`));
    this.pos += op.length;
    if ((op as string) === '=') op = '==';
    this.skip();
    const valuePos = this.pos;
    return { type: 'term', field: m[0], op: op as Op, value: this.value(false), pos, valuePos };
  }

  private value(inList: boolean): Value {
    const s = this.s;
    const at = this.pos;
    const c = s[at];
    if (c === undefined) throw new ExpressionError('a value is missing', at, ['a value']);
    if (!inList && s.startsWith('EXISTS!', at)) {
      this.pos += 7;
      return { kind: 'exists' };
    }
    if (c === '"') return { kind: 'quoted', text: this.delimited('"', 'quoted string') };
    if (c === '/') {
      // A regex ends at its closing slash; a value that goes on after it is a path (file=/a/b.pcap).
      const close = this.closingSlash(at);
      if (close < 0 || close + 1 >= s.length || /[\s()&|,[\]]/.test(s[close + 1])) return { kind: 'regex', text: this.delimited('/', 'regular expression', true) };
    }
    if (!inList && (c === '[' || c === ']')) return this.list(c === ']');
    const re = inList ? LIST_WORD : WORD;
    re.lastIndex = at;
    const m = re.exec(s);
    if (!m) throw new ExpressionError(`unexpected "${s.slice(at, at + 10)}"`, at, ['a value']);
    this.pos = re.lastIndex;
    return { kind: 'word', text: m[0] };
  }

  private closingSlash(open: number): number {
    for (let i = open + 1; i < this.s.length; i++) {
      if (this.s[i] === '\\') i++;
      else if (this.s[i] === '/') return i;
    }
    return -1;
  }

  /** A quoted string (escapes removed) or a regex (kept as written) from `this.pos`. */
  private delimited(q: string, what: string, raw = false): string {
    const start = this.pos;
    let out = '';
    for (let i = start + 1; i < this.s.length; i++) {
      const ch = this.s[i];
      if (ch === '\\' && i + 1 < this.s.length) {
        out += raw ? ch + this.s[i + 1] : this.s[i + 1];
        i++;
      } else if (ch === q) {
        this.pos = i + 1;
        return out;
      } else out += ch;
    }
    throw new ExpressionError(`unterminated ${what}`, start, [`closing ${q}`]);
  }

  private list(all: boolean): Value {
    const open = this.pos;
    const close = all ? '[' : ']';
    this.pos++;
    const items: Value[] = [];
    for (;;) {
      this.skip();
      if (this.s[this.pos] === close && items.length === 0) throw new ExpressionError('an empty list', open, ['a value']);
      items.push(this.value(true));
      this.skip();
      if (this.s[this.pos] === ',') {
        this.pos++;
        continue;
      }
      if (this.s[this.pos] === close) {
        this.pos++;
        return { kind: 'list', all, items };
      }
      throw new ExpressionError(this.pos >= this.s.length ? 'unterminated list' : `unexpected "${this.s[this.pos]}" in a list`, this.pos, ['","', `"${close}"`]);
    }
  }
}

// Prints an `Expr` back as expression text that parses to the same tree (used for saved queries,
// error echoes and the round-trip property test).
import type { Expr, Value } from './ast.js';

const PREC = { or: 1, and: 2, not: 3, term: 4 } as const;

export function printExpression(e: Expr, parent = 0): string {
  let s: string;
  switch (e.type) {
    case 'or':
    case 'and':
      // Left-associative: a right operand of the same kind keeps its parentheses.
      s = `${printExpression(e.left, PREC[e.type])} ${e.type === 'or' ? '||' : '&&'} ${printExpression(e.right, PREC[e.type] + 1)}`;
      break;
    case 'not':
      s = `!${printExpression(e.expr, PREC.not)}`;
      break;
    default:
      s = `${e.field} ${e.op} ${printValue(e.value)}`;
  }
  return PREC[e.type] < parent ? `(${s})` : s;
}

export function printValue(v: Value): string {
  switch (v.kind) {
    case 'word': return v.text;
    case 'quoted': return `"${v.text.replace(/[\\"]/g, (c) => `\\${c}`)}"`;
    case 'regex': return `/${v.text}/`;
    case 'exists': return 'EXISTS!';
    case 'list': {
      const body = v.items.map(printValue).join(',');
      return v.all ? `]${body}[` : `[${body}]`;
    }
  }
}

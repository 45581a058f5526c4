import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseExpression, ExpressionError } from './parser.js';
import { printExpression } from './print.js';
import type { Expr, Op, Value } from './ast.js';

/** The tree without positions, for comparisons. */
function shape(e: Expr): unknown {
  if (e.type === 'term') return { field: e.field, op: e.op, value: e.value };
  if (e.type === 'not') return { not: shape(e.expr) };
  return { [e.type]: [shape(e.left), shape(e.right)] };
}
const t = (field: string, op: Op, value: Value) => ({ field, op, value });
const w = (text: string): Value => ({ kind: 'word', text });

test('terms: every operator, bare words with wildcards, quoted strings with escapes, regexes, EXISTS!', () => {
  assert.deepEqual(shape(parseExpression('ip.src == 10.1.0.0/16')), t('ip.src', '==', w('10.1.0.0/16')));
  for (const op of ['==', '!=', '<', '<=', '>', '>='] as Op[]) assert.deepEqual(shape(parseExpression(`port.dst ${op} 1024`)), t('port.dst', op, w('1024')));
  assert.deepEqual(shape(parseExpression('host.http==*.example.c?m')), t('host.http', '==', w('*.example.c?m')));
  assert.deepEqual(shape(parseExpression('http.user-agent == "Mozilla \\"5\\" \\\\ x"')), t('http.user-agent', '==', { kind: 'quoted', text: 'Mozilla "5" \\ x' }));
  assert.deepEqual(shape(parseExpression('http.uri == /a\\/b.*[0-9]/')), t('http.uri', '==', { kind: 'regex', text: 'a\\/b.*[0-9]' }));
  assert.deepEqual(shape(parseExpression('tls.ja4 != EXISTS!')), t('tls.ja4', '!=', { kind: 'exists' }));
  assert.deepEqual(shape(parseExpression('ip == 10.0.0.1:443')), t('ip', '==', w('10.0.0.1:443')));
  assert.deepEqual(shape(parseExpression('file=/data/a.pcap')), t('file', '==', w('/data/a.pcap')), 'a single = as Arkime takes it');
  assert.deepEqual(shape(parseExpression('port == 1-1024')), t('port', '==', w('1-1024')));
  assert.deepEqual(shape(parseExpression('ip.dst == $internal')), t('ip.dst', '==', w('$internal')));
  assert.deepEqual(shape(parseExpression('ip.src == 2001:db8::1')), t('ip.src', '==', w('2001:db8::1')));
});

test('lists: [any] and ]all[, with quoted and regex items', () => {
  assert.deepEqual(shape(parseExpression('port.dst == [80, 443,"8080"]')), t('port.dst', '==', { kind: 'list', all: false, items: [w('80'), w('443'), { kind: 'quoted', text: '8080' }] }));
  assert.deepEqual(shape(parseExpression('http.method == ]GET,/PO.T/[')), t('http.method', '==', { kind: 'list', all: true, items: [w('GET'), { kind: 'regex', text: 'PO.T' }] }));
});

test('precedence: ! over && over ||, left to right, parentheses group', () => {
  const a = t('a', '==', w('1'));
  const b = t('b', '==', w('2'));
  const c = t('c', '==', w('3'));
  assert.deepEqual(shape(parseExpression('a == 1 || b == 2 && c == 3')), { or: [a, { and: [b, c] }] });
  assert.deepEqual(shape(parseExpression('(a == 1 || b == 2) && c == 3')), { and: [{ or: [a, b] }, c] });
  assert.deepEqual(shape(parseExpression('!a == 1 && b == 2')), { and: [{ not: a }, b] });
  assert.deepEqual(shape(parseExpression('!(a == 1 && b == 2)')), { not: { and: [a, b] } });
  assert.deepEqual(shape(parseExpression('a == 1 && b == 2 && c == 3')), { and: [{ and: [a, b] }, c] });
});

test('errors give the position and what was expected', () => {
  const cases: [string, number, RegExp][] = [
    ['ip.src', 6, /no operator after field "ip.src"/],
    ['ip.src ==', 9, /a value is missing/],
    ['ip.src == 1 &&', 14, /ends early/],
    ['(ip.src == 1', 12, /unclosed parenthesis/],
    ['ip.src == "abc', 10, /unterminated quoted string/],
    ['http.uri == /abc', 12, /unterminated regular expression/],
    ['port == [80, 443', 16, /unterminated list/],
    ['port == []', 8, /an empty list/],
    ['ip.src == 1 ip.dst == 2', 12, /unexpected "ip.dst == "/],
    ['== 1', 0, /unexpected "== 1"/],
    ['ip.src ~ 1', 7, /no operator/],
  ];
  for (const [text, position, message] of cases) {
    assert.throws(() => parseExpression(text), (e: unknown) => e instanceof ExpressionError && e.position === position && message.test(e.message), text);
  }
});

// Random trees, printed and parsed again, come back identical.
function rng(seed: number) {
  let x = seed >>> 0;
  return (n: number) => {
    x = (Math.imul(x, 1664525) + 1013904223) >>> 0;
    return x % n;
  };
}

function randomTree(r: (n: number) => number, depth: number): Expr {
  const pick = <T>(xs: readonly T[]) => xs[r(xs.length)];
  const word = () => Array.from({ length: 1 + r(8) }, () => pick([...'abcXYZ019.:_*?$-'])).join('');
  const scalar = (): Value => {
    switch (r(3)) {
      case 0: return { kind: 'word', text: word() };
      case 1: return { kind: 'quoted', text: Array.from({ length: r(8) }, () => pick(['a', ' ', '"', '\\', ',', ']', '(', '&', 'é'])).join('') };
      default: return { kind: 'regex', text: Array.from({ length: 1 + r(6) }, () => pick(['a', '.', '*', '\\/', '[0-9]', '(x|y)'])).join('') };
    }
  };
  if (depth <= 0 || r(3) === 0) {
    const k = r(6);
    const value: Value = k === 0 ? { kind: 'exists' } : k === 1 ? { kind: 'list', all: r(2) === 1, items: Array.from({ length: 1 + r(3) }, scalar) } : scalar();
    return { type: 'term', field: pick(['ip.src', 'host.http', 'port.dst', 'tls.ja4', 'dns.query.host']), op: pick(['==', '!=', '<', '<=', '>', '>='] as const), value, pos: 0, valuePos: 0 };
  }
  const k = r(3);
  if (k === 0) return { type: 'not', expr: randomTree(r, depth - 1) };
  return { type: k === 1 ? 'and' : 'or', left: randomTree(r, depth - 1), right: randomTree(r, depth - 1) };
}

test('property: 2,000 random trees print and parse back to the same tree', () => {
  const r = rng(20261124);
  for (let i = 0; i < 2000; i++) {
    const tree = randomTree(r, 4);
    const text = printExpression(tree);
    assert.deepEqual(shape(parseExpression(text)), shape(tree), text);
  }
});

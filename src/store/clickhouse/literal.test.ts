import { test } from 'node:test';
import assert from 'node:assert/strict';
import { bind, literal } from './literal.js';

test('literals escape quotes and backslashes, lists become arrays', () => {
  assert.equal(literal("it's a \\ test"), "'it\\'s a \\\\ test'");
  assert.equal(literal(42), '42');
  assert.equal(literal(10n ** 20n), '100000000000000000000');
  assert.equal(literal(['a', "b'"]), "['a', 'b\\'']");
  assert.throws(() => literal(NaN), /cannot bind NaN/);
});

test('bind puts each value once, without rescanning values that look like placeholders', () => {
  assert.equal(bind('x = @@p1@@ AND y = @@p2@@', ['@@p2@@', 7]), "x = '@@p2@@' AND y = 7");
  assert.throws(() => bind('x = @@p3@@', [1]), /no value for parameter 3/);
});

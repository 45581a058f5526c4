import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FieldShape } from './field-shape.js';

test('sessions whose fields come in the same order share one shape; another order gets another', () => {
  const a = FieldShape.EMPTY.with(7).with(3).with(12);
  const b = FieldShape.EMPTY.with(7).with(3).with(12);
  const c = FieldShape.EMPTY.with(3).with(7).with(12);
  assert.equal(a, b);
  assert.notEqual(a, c);
  assert.deepEqual(a.fields, [7, 3, 12]);
  assert.deepEqual(c.fields, [3, 7, 12]);
  assert.deepEqual(FieldShape.EMPTY.fields, [], 'the empty shape is never changed');
});

test('past the bound, new orders still get correct shapes, just not remembered', () => {
  for (let i = 0; i < 50_000; i++) FieldShape.EMPTY.with(1_000_000 + i);
  const x = FieldShape.EMPTY.with(5).with(9);
  const y = FieldShape.EMPTY.with(5).with(9);
  assert.deepEqual(x.fields, [5, 9]);
  assert.deepEqual(y.fields, [5, 9]);
  assert.notEqual(x, y, 'no longer shared: the table stays bounded');
  assert.equal(FieldShape.EMPTY.with(7).with(3), FieldShape.EMPTY.with(7).with(3), 'shapes made before the bound stay shared');
});

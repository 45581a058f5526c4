import { test } from 'node:test';
import assert from 'node:assert/strict';
import { addFileSwitch, addPosition, unpackPositions } from './positions.js';

test('positions pack one number per record and unpack to what the store keeps', () => {
  let list: number[] = [];
  list = addPosition(list, 24, 76); // in the first file, 7: not written
  list = addPosition(list, 100, 1530);
  list = addFileSwitch(list, 2 ** 52 - 5); // a ClickHouse node's file id range
  list = addPosition(list, 2 ** 34 - 1, 2 ** 19 - 1); // the largest that packs
  assert.equal(list.length, 4, 'one number per record and per later file switch');
  const { pos, len } = unpackPositions(list, 7);
  assert.deepEqual([...pos], [-7, 24, 100, -(2 ** 52 - 5), 2 ** 34 - 1]);
  assert.deepEqual([...len], [0, 76, 1530, 0, 2 ** 19 - 1]);
});

test('a position or length too large to pack is kept whole (files past 16 GiB, huge snap lengths)', () => {
  let list: number[] = [];
  list = addPosition(list, 2 ** 34, 60);
  list = addPosition(list, 40, 2 ** 19);
  list = addPosition(list, 3 * 2 ** 40 + 17, 1514);
  list = addPosition(list, 5000, 90);
  const { pos, len } = unpackPositions(list, 1);
  assert.deepEqual([...pos], [-1, 2 ** 34, 40, 3 * 2 ** 40 + 17, 5000]);
  assert.deepEqual([...len], [0, 60, 2 ** 19, 1514, 90]);
});

test('many records unpack in order', () => {
  let list: number[] = [];
  for (let i = 0; i < 10_000; i++) list = addPosition(list, 24 + i * 1000, 60 + (i % 1500));
  const { pos, len } = unpackPositions(list, 3);
  assert.equal(pos.length, 10_001);
  assert.equal(pos[0], -3);
  for (let i = 0; i < 10_000; i += 997) {
    assert.equal(pos[i + 1], 24 + i * 1000);
    assert.equal(len[i + 1], 60 + (i % 1500));
  }
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FlowTable, KEY_WORDS } from './flow-table.js';

test('flow table agrees with a Map under random inserts and removals (growth, probe chains)', () => {
  const t = new FlowTable<{ slot: number; ix: number }>(16);
  const ref = new Map<string, { slot: number; ix: number }>();
  const key = new Uint32Array(KEY_WORDS);
  let seed = 42;
  const rnd = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) % 500);
  for (let i = 0; i < 20000; i++) {
    const k = rnd();
    key.fill(0);
    key[1] = k;
    key[9] = k % 7;
    const name = String(k);
    const have = t.get(key);
    assert.equal(have, ref.get(name));
    if (have && i % 3 === 0) {
      t.remove(have);
      ref.delete(name);
    } else if (!have) {
      // The key's number stands for a session's place: unique among the live entries.
      const v = { slot: -1, ix: k };
      t.insert(key, v);
      ref.set(name, v);
    }
  }
  assert.equal(t.size, ref.size);
  assert.equal([...t.values()].length, ref.size);
});

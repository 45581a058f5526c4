import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SHARED_BELOW, extendList, pairList } from './shared-lists.js';
import { SessionApp } from './session-app.js';
import { HTTP } from './http/fields.js';
import type { ProtocolDef } from './types.js';

test('short lists with the same values in the same order are one list; another order is another', () => {
  const a = extendList(pairList('host', 'user-agent'), 'accept');
  const b = extendList(pairList('host', 'user-agent'), 'accept');
  const c = extendList(pairList('user-agent', 'host'), 'accept');
  assert.equal(a, b);
  assert.notEqual(a, c);
  assert.deepEqual(a, ['host', 'user-agent', 'accept']);
  assert.deepEqual(c, ['user-agent', 'host', 'accept']);
  assert.deepEqual(pairList(1, '1'), [1, '1'], 'numbers and strings are different values');
  assert.notEqual(pairList(1, 2), pairList('1', 2));
});

test('extending never changes a shared list; a list reaching SHARED_BELOW is the caller\'s own', () => {
  let list = pairList(0, 1);
  const steps = [list];
  for (let v = 2; v < SHARED_BELOW; v++) steps.push((list = extendList(list, v)));
  steps.forEach((l, i) => assert.equal(l.length, i + 2, 'every shorter list kept its length'));
  assert.equal(list.length, SHARED_BELOW);
  const own = extendList(extendList(steps[steps.length - 2], SHARED_BELOW - 1), 99);
  assert.notEqual(own, list, 'lists past the bound are not shared');
  assert.deepEqual(list.slice(-1), [SHARED_BELOW - 1], 'the other session\'s list did not get 99');
});

test('past the table\'s bound, lists are still right, and those handed out before stay intact', () => {
  const before = extendList(pairList('a', 'b'), 'c');
  for (let i = 0; i < 40_000; i++) pairList(`x${i}`, i);
  const after = extendList(pairList('a', 'b'), 'c');
  assert.deepEqual(before, ['a', 'b', 'c']);
  assert.deepEqual(after, ['a', 'b', 'c']);
});

const quiet: ProtocolDef = { name: 'test', transport: 'tcp', ports: [], create: () => ({ feed: () => true }) };

test('sessions share their short value lists, and what a record takes is its own copy', () => {
  const one = new SessionApp(quiet);
  const two = new SessionApp(quiet);
  for (const app of [one, two]) for (const name of ['host', 'accept', 'host', 'cookie']) app.add(HTTP.headerSrc, name);
  const taken = one.valuesAt(0);
  assert.deepEqual(taken, ['host', 'accept', 'cookie']);
  taken.push('changed by the record');
  assert.deepEqual(two.valuesAt(0), ['host', 'accept', 'cookie']);
  assert.deepEqual(one.valuesAt(0), ['host', 'accept', 'cookie']);
  two.add(HTTP.headerSrc, 'referer');
  assert.deepEqual(one.valuesAt(0), ['host', 'accept', 'cookie'], 'a value added to one session is not in the other');
  assert.deepEqual(two.valuesAt(0), ['host', 'accept', 'cookie', 'referer']);
});

test('a long list (past SCAN_LIMIT, kept de-duplicated by a set) stays one session\'s own', () => {
  const one = new SessionApp(quiet);
  const two = new SessionApp(quiet);
  for (let i = 0; i < 40; i++) one.add(HTTP.key, `k${i}`);
  for (let i = 0; i < 40; i++) two.add(HTTP.key, `k${i}`);
  one.add(HTTP.key, 'only-one');
  one.add(HTTP.key, 'k3');
  assert.equal(one.valuesAt(0).length, 41);
  assert.equal(two.valuesAt(0).length, 40);
});

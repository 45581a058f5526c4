import { test } from 'node:test';
import assert from 'node:assert/strict';
import { F64_FIELDS, F64_W, I32_FIELDS, I32_W, SLOTS, U16_FIELDS, U16_W, U8_FIELDS, U8_W } from './slots.js';
import { Session } from './session.js';

test('every slot number reads and writes its own place, and a new session starts from the defaults', () => {
  const a = new Session();
  const b = new Session();
  const nums = a as unknown as Record<string, number>;
  F64_FIELDS.forEach((name, k) => {
    nums[name] = 1e12 + k;
    assert.equal(SLOTS.f64[a.ix * F64_W + k], 1e12 + k, name);
  });
  I32_FIELDS.forEach((name, k) => {
    nums[name] = 1000 + k;
    assert.equal(SLOTS.i32[a.ix * I32_W + k], 1000 + k, name);
  });
  U16_FIELDS.forEach((name, k) => {
    nums[name] = 65535 - k;
    assert.equal(SLOTS.u16[a.ix * U16_W + k], 65535 - k, name);
  });
  U8_FIELDS.forEach((name, k) => {
    nums[name] = 255 - k;
    assert.equal(SLOTS.u8[a.ix * U8_W + k], 255 - k, name);
  });
  // Every field reads back what was written: no two share a place.
  F64_FIELDS.forEach((name, k) => assert.equal(nums[name], 1e12 + k, name));
  I32_FIELDS.forEach((name, k) => assert.equal(nums[name], 1000 + k, name));
  U16_FIELDS.forEach((name, k) => assert.equal(nums[name], 65535 - k, name));
  assert.equal(b.firstUs, 0);
  assert.equal(b.tcpSeqSrc, -1);
  assert.equal(b.segment, 1);
  assert.equal(b.queue, 5, 'Queue.Other until queued');
  assert.equal(b.firstTtlSrc, -1);
  assert.equal(b.firstMacDst, -1);
  const ix = a.ix;
  a.release();
  assert.equal(a.ix, -1);
  const c = new Session();
  assert.equal(c.ix, ix, 'the released place is taken again');
  assert.equal(c.firstUs, 0);
  assert.equal(c.synUs, -1);
  assert.equal(c.packetsSrc, 0);
  b.release();
  c.release();
});

test('places outlive the slab growing: numbers and addresses are copied', () => {
  const many = Array.from({ length: 5000 }, (_, i) => {
    const s = new Session();
    s.lastUs = i * 1e6;
    s.srcPort = i;
    SLOTS.ips[s.ix * 32] = i & 255;
    return s;
  });
  many.forEach((s, i) => {
    assert.equal(s.lastUs, i * 1e6);
    assert.equal(s.srcPort, i);
    assert.equal(s.srcIp[0], i & 255);
  });
  for (const s of many) s.release();
});

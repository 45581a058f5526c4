import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseDateValue, timeRange } from './dates.js';

const NOW = Date.UTC(2026, 10, 24, 15, 42, 17, 250); // a Tuesday

test('date values: epoch seconds and ms, Arkime and ISO forms, relative times with snapping', () => {
  const cases: [string, number | null][] = [
    ['1387256793', 1387256793e3],
    ['1387256793123', 1387256793123],
    ['2026/11/23 09:00:30', Date.UTC(2026, 10, 23, 9, 0, 30)],
    ['2026-11-23', Date.UTC(2026, 10, 23)],
    ['2026-11-23T09:00:30.5Z', Date.UTC(2026, 10, 23, 9, 0, 30, 500)],
    ['2026-11-23T09:00:30+02:00', Date.UTC(2026, 10, 23, 7, 0, 30)],
    ['now', NOW],
    ['-2h', NOW - 2 * 3600e3],
    ['-90s', NOW - 90e3],
    ['-7d@d', Date.UTC(2026, 10, 17)],
    ['-1w@w', Date.UTC(2026, 10, 16)],
    ['@h', Date.UTC(2026, 10, 24, 15)],
    ['-1M', Date.UTC(2026, 9, 24, 15, 42, 17, 250)],
    ['-1y@y', Date.UTC(2025, 0, 1)],
    ['+30m', NOW + 30 * 60e3],
    ['yesterday', null],
    ['-2q', null],
    ['2026/13/45', null],
  ];
  for (const [text, want] of cases) {
    const got = parseDateValue(text, NOW);
    if (want === null) assert.equal(got, null, text);
    else assert.equal(got, want, text);
  }
});

test('time range: date hours back, -1 for all, start/stop times, Arkime\'s last hour when nothing is given', () => {
  assert.deepEqual(timeRange({ date: 24 }, NOW), { startMs: NOW - 24 * 3600e3, stopMs: NOW, bounding: 'last' });
  assert.deepEqual(timeRange({ date: -1, bounding: 'either' }, NOW), { bounding: 'either' });
  assert.deepEqual(timeRange({}, NOW), { startMs: NOW - 3600e3, stopMs: NOW, bounding: 'last' });
  assert.deepEqual(timeRange({ startTime: '1387256793', stopTime: '1387258118', bounding: 'both' }, NOW), { startMs: 1387256793e3, stopMs: 1387258118e3, bounding: 'both' });
  // Both times given win over date, as in Arkime.
  assert.deepEqual(timeRange({ date: 5, startTime: '0', stopTime: '10' }, NOW), { startMs: 0, stopMs: 10e3, bounding: 'last' });
  assert.deepEqual(timeRange({ startTime: '-1d' }, NOW), { startMs: NOW - 86400e3, stopMs: undefined, bounding: 'last' });
  assert.match(String(timeRange({ startTime: 'soon' }, NOW)), /startTime "soon" is not a time/);
  assert.match(String(timeRange({ date: 0 }, NOW)), /date must be -1/);
});

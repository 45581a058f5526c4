import { test } from 'node:test';
import assert from 'node:assert/strict';
import { splitHead } from './head.js';

function split(text: string) {
  const b = Buffer.from(text, 'latin1');
  return splitHead(b, b.length);
}

test('first line and header pairs; names lower-cased, names and values trimmed as String.trim does', () => {
  const h = split('GET /a HTTP/1.1\r\nHost: Example.com \r\nX-Tab:\tv\t\r\nUSER-AGENT:t/1\r\nEmpty:\r\n  Spaced  :  x y  ');
  assert.equal(h.first, 'GET /a HTTP/1.1');
  assert.deepEqual(h.headers, [['host', 'Example.com'], ['x-tab', 'v'], ['user-agent', 't/1'], ['empty', ''], ['spaced', 'x y']]);
});

test('bare LF line ends; lines without a name or a colon are skipped', () => {
  const h = split('HTTP/1.0 200 OK\nServer: s\n: no name\nno colon here\nVia: a:b\n');
  assert.equal(h.first, 'HTTP/1.0 200 OK');
  assert.deepEqual(h.headers, [['server', 's'], ['via', 'a:b']]);
});

test('a head of only the first line, and one cut at `end`', () => {
  assert.deepEqual(split('GET / HTTP/1.1'), { first: 'GET / HTTP/1.1', headers: [] });
  const b = Buffer.from('GET / HTTP/1.1\r\nA: 1\r\nB: 2\r\n', 'latin1');
  assert.deepEqual(splitHead(b, b.indexOf('B:')).headers, [['a', '1']]);
});

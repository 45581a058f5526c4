import { test } from 'node:test';
import { collectingSink } from '../testing.js';
import assert from 'node:assert/strict';
import { HttpParser } from './parser.js';

function run(parts: [number, string][]): Record<string, (string | number)[]> {
  const out: Record<string, (string | number)[]> = {};
  const sink = collectingSink(out);
  const p = new HttpParser();
  for (const [dir, text] of parts) {
    const b = Buffer.from(text, 'latin1');
    p.feed(dir, b, 0, b.length, sink);
  }
  return out;
}

test('a request split across segments, a chunked response, then a pipelined second transaction', () => {
  const f = run([
    [0, 'GET /a?x=1 HTTP/1.1\r\nHo'],
    [0, 'st: Example.COM\r\nUser-Agent: t/1\r\n\r\n'],
    [1, 'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n'],
    [0, 'POST /b HTTP/1.1\r\nHost: example.com\r\nContent-Length: 3\r\n\r\nabc'],
    [1, 'HTTP/1.1 404 Not Found\r\nContent-Length: 2\r\n\r\nno'],
  ]);
  assert.deepEqual(f['http.method'], ['GET', 'POST']);
  assert.deepEqual(f['host.http'], ['example.com']);
  assert.deepEqual(f['http.uri'], ['example.com/a?x=1', 'example.com/b']);
  assert.deepEqual(f['http.uri.path'], ['/a', '/b']);
  assert.deepEqual(f['http.statuscode'], [200, 404]);
  assert.deepEqual(f['http.user-agent'], ['t/1']);
});

test('a response to HEAD has no body even with Content-Length; 100-continue precedes the final status', () => {
  const f = run([
    [0, 'HEAD / HTTP/1.1\r\nHost: h\r\n\r\n'],
    [1, 'HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\n'],
    [0, 'PUT /u HTTP/1.1\r\nHost: h\r\nExpect: 100-continue\r\nContent-Length: 1\r\n\r\nx'],
    [1, 'HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 201 Created\r\nContent-Length: 0\r\n\r\n'],
  ]);
  assert.deepEqual(f['http.statuscode'], [200, 100, 201]);
});

test('absolute-form request targets (proxies) give the host; garbage stops the parser quietly', () => {
  const f = run([[0, 'GET http://proxy.example:8080/x HTTP/1.0\r\n\r\n']]);
  assert.deepEqual(f['host.http'], ['proxy.example:8080', 'proxy.example']);
  assert.deepEqual(f['http.uri'], ['proxy.example:8080/x']);
  const p = new HttpParser();
  const junk = Buffer.from('\x16\x03\x01 not http at all\r\n\r\n');
  assert.equal(p.feed(0, junk, 0, junk.length, collectingSink()), false);
});

test('header names always; other headers\' names and values only with httpAllHeaders (as Arkime)', () => {
  const req = Buffer.from('GET /a?x=1&y=%20z HTTP/1.1\r\nHost: h\r\nCookie: s=1; t=2\r\nAccept: */*\r\nAuthorization: Basic dXNlcjpwdw==\r\n\r\n');
  const run = (all: boolean) => {
    const p = new HttpParser(all);
    const sink = collectingSink();
    p.feed(0, req, 0, req.length, sink);
    return sink.out;
  };
  const plain = run(false);
  assert.deepEqual(plain['http.hasheader.src'], ['host', 'cookie', 'accept', 'authorization']);
  assert.equal(plain['http.hasheader.src.value'], undefined);
  assert.deepEqual(plain['http.cookie.key'], ['s', 't']);
  assert.deepEqual(plain['http.uri.value'], ['1', ' z']);
  assert.deepEqual(plain['http.user'], ['user']);
  assert.deepEqual(plain['http.authtype'], ['basic']);
  const all = run(true);
  assert.deepEqual(all['http.header.request.field'], ['cookie', 'accept']);
  assert.deepEqual(all['http.hasheader.src.value'], ['s=1; t=2', '*/*']);
});

// HTTP/1.x fields against Arkime's expected documents (TCP sessions with an http object, no TLS).
import { test } from 'node:test';
import { corpusOrSkip } from './helpers/corpus.js';
import { runProtocolConformance, type Doc } from './helpers/protocol-conformance.js';

/** Arkime stored name → Weir query name. */
const FIELDS: [string, string][] = [
  ['host', 'host.http'], ['uri', 'http.uri'], ['path', 'http.uri.path'], ['method', 'http.method'], ['statuscode', 'http.statuscode'],
  ['useragent', 'http.user-agent'], ['clientVersion', 'http.version.src'], ['serverVersion', 'http.version.dst'],
  ['requestHeader', 'http.hasheader.src'], ['responseHeader', 'http.hasheader.dst'],
];

test('HTTP/1.x over TCP: Weir\'s HTTP fields match Arkime\'s expected documents', { timeout: 300_000 }, async () => {
  const dir = corpusOrSkip('arkime');
  if (!dir) return;
  await runProtocolConformance(dir, {
    protocol: 'HTTP',
    // HTTP over SCTP and inside TLS/HTTP2 is not parsed yet.
    select: (b: Doc) => b.http && b.ipProtocol === 6 && b.protocol?.includes('http') && !b.protocol.includes('tls') && !b.protocol.includes('http2'),
    minFiles: 10,
    threshold: 0.95,
    fields: FIELDS.map(([arkime, name]) => ({ name, expected: (b: Doc) => b.http[arkime] })),
  });
});

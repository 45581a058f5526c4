// TLS hello fields against Arkime's expected documents (TCP sessions with a tls object).
import { test } from 'node:test';
import { corpusOrSkip } from './helpers/corpus.js';
import { runProtocolConformance, type Doc } from './helpers/protocol-conformance.js';

const FIELDS: [string, string][] = [['ja3', 'tls.ja3'], ['ja3s', 'tls.ja3s'], ['ja3string', 'tls.ja3string'], ['ja3sstring', 'tls.ja3sstring'], ['version', 'tls.version']];

test('TLS over TCP: JA3, JA3S, versions and SNI (host.http) match Arkime\'s expected documents', { timeout: 300_000 }, async () => {
  const dir = corpusOrSkip('arkime');
  if (!dir) return;
  await runProtocolConformance(dir, {
    protocol: 'TLS',
    select: (b: Doc) => b.tls && b.ipProtocol === 6 && !b.protocol?.includes('http'),
    minFiles: 8,
    threshold: 0.95,
    fields: [
      ...FIELDS.map(([arkime, name]) => ({ name, expected: (b: Doc) => b.tls[arkime] as unknown[] | undefined })),
      { name: 'host.http', expected: (b: Doc) => b.http?.host ?? [], norm: (v: unknown) => String(v).toLowerCase() },
    ],
  });
});

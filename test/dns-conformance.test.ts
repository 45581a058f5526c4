// DNS fields against Arkime's expected documents (UDP port 53 sessions with a dns object).
import { test } from 'node:test';
import { corpusOrSkip } from './helpers/corpus.js';
import { normIp } from './helpers/ipnorm.js';
import { runProtocolConformance, type Doc } from './helpers/protocol-conformance.js';

const lower = (v: unknown) => String(v).toLowerCase();
const of = (key: string) => (b: Doc) => b.dns.map((x: Doc) => x[key]).filter((x: unknown) => x !== undefined);
const each = (key: string) => (b: Doc) => b.dns.flatMap((x: Doc) => x[key] ?? []);
const answers = (key: string) => (b: Doc) => b.dns.flatMap((x: Doc) => (x.answers ?? []).map((a: Doc) => a[key]).filter((v: unknown) => v !== undefined));

test('DNS over UDP: Weir\'s DNS fields match Arkime\'s expected documents', { timeout: 300_000 }, async () => {
  const dir = corpusOrSkip('arkime');
  if (!dir) return;
  await runProtocolConformance(dir, {
    protocol: 'DNS',
    select: (b) => b.dns && b.ipProtocol === 17 && (b.destination?.port === 53 || b.source?.port === 53),
    minFiles: 10,
    threshold: 0.95,
    fields: [
      { name: 'dns.query.host', expected: of('queryHost'), norm: lower },
      { name: 'dns.query.type', expected: of('qt'), norm: lower },
      { name: 'dns.query.class', expected: of('qc'), norm: lower },
      { name: 'dns.status', expected: of('status'), norm: lower },
      { name: 'dns.opcode', expected: of('opcode'), norm: lower },
      { name: 'dns.header_flags', expected: each('headerFlags'), norm: lower },
      { name: 'host.dns', expected: each('host'), norm: lower },
      { name: 'dns.answer.ip', expected: answers('ip'), norm: (v) => String(normIp(v)) },
      { name: 'dns.answer.type', expected: answers('type'), norm: lower },
      { name: 'dns.answer.ttl', expected: answers('ttl') },
      { name: 'host.dns.nameserver', expected: each('nameserverHost'), norm: lower },
      { name: 'host.dns.mailserver', expected: each('mailserverHost'), norm: lower },
    ],
  });
});

// DNS fields against Arkime's expected documents (sessions whose .test carries a dns object).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { corpusOrSkip } from './helpers/corpus.js';
import { ingestEach, withStore } from './helpers/ingest.js';
import { normIp } from './helpers/ipnorm.js';

type Doc = Record<string, any>;
const set = (xs: unknown[]) => JSON.stringify([...new Set(xs.map((x) => String(x).toLowerCase()))].sort());

/** Arkime's dns object → the values of Weir's query names. */
const FIELDS: [string, (d: Doc[]) => unknown[], string][] = [
  ['dns.query.host', (d) => d.map((x) => x.queryHost).filter((x) => x !== undefined), 'dns.query.host'],
  ['dns.query.type', (d) => d.map((x) => x.qt).filter(Boolean), 'dns.query.type'],
  ['dns.query.class', (d) => d.map((x) => x.qc).filter(Boolean), 'dns.query.class'],
  ['dns.status', (d) => d.map((x) => x.status).filter(Boolean), 'dns.status'],
  ['dns.opcode', (d) => d.map((x) => x.opcode).filter(Boolean), 'dns.opcode'],
  ['dns.header_flags', (d) => d.flatMap((x) => x.headerFlags ?? []), 'dns.header_flags'],
  ['host.dns', (d) => d.flatMap((x) => x.host ?? []), 'host.dns'],
  ['dns.answer.ip', (d) => d.flatMap((x) => (x.answers ?? []).map((a: Doc) => a.ip).filter(Boolean).map(normIp)), 'dns.answer.ip'],
  ['dns.answer.type', (d) => d.flatMap((x) => (x.answers ?? []).map((a: Doc) => a.type)), 'dns.answer.type'],
  ['dns.answer.ttl', (d) => d.flatMap((x) => (x.answers ?? []).map((a: Doc) => a.ttl)), 'dns.answer.ttl'],
  ['host.dns.nameserver', (d) => d.flatMap((x) => x.nameserverHost ?? []), 'host.dns.nameserver'],
  ['host.dns.mailserver', (d) => d.flatMap((x) => x.mailserverHost ?? []), 'host.dns.mailserver'],
];

test('DNS over UDP: Weir\'s DNS fields match Arkime\'s expected documents', { timeout: 300_000 }, async () => {
  const dir = corpusOrSkip('arkime');
  if (!dir) return;
  const cases: { pcap: string; docs: Doc[] }[] = [];
  for (const f of readdirSync(dir).filter((x) => x.endsWith('.test')).sort()) {
    const docs = (JSON.parse(readFileSync(join(dir, f), 'utf8')).sessions3 ?? []).map((x: Doc) => x.body)
      .filter((b: Doc) => b.dns && b.ipProtocol === 17 && (b.destination?.port === 53 || b.source?.port === 53));
    if (docs.length) cases.push({ pcap: f.replace(/\.test$/, '.pcap'), docs });
  }
  assert.ok(cases.length >= 10, `expected DNS cases in the corpus, found ${cases.length}`);
  const stats = new Map<string, { ok: number; total: number }>();
  const differ: string[] = [];
  await withStore(async (store) => {
    const got = await ingestEach(store, cases.map((c) => join(dir, c.pcap)));
    for (const c of cases) {
      const sessions = got.get(join(dir, c.pcap))!.sessions;
      for (const e of c.docs) {
        const a = sessions.find((s) => normIp(s['ip.src']) === normIp(e.source?.ip) && s['port.src'] === e.source?.port && s.firstPacket === e.firstPacket);
        for (const [name, exp, act] of FIELDS) {
          const want = set(exp(e.dns));
          const have = a ? set(((a[act] as unknown[]) ?? []).map((v) => (name === 'dns.answer.ip' ? normIp(v) : v))) : 'missing';
          const st = stats.get(name) ?? { ok: 0, total: 0 };
          stats.set(name, st);
          st.total++;
          if (want === have) st.ok++;
          else differ.push(`${c.pcap} ${name}: expected ${want} got ${have}`);
        }
      }
    }
  });
  let ok = 0;
  let total = 0;
  console.log(`\nDNS conformance over ${cases.length} files`);
  for (const [name, s] of stats) {
    ok += s.ok;
    total += s.total;
    console.log(`  ${name.padEnd(22)} ${s.ok}/${s.total} ${((100 * s.ok) / s.total).toFixed(1)} %`);
  }
  console.log(`  all DNS fields        ${ok}/${total} ${((100 * ok) / total).toFixed(1)} %`);
  if (process.env.WEIR_VERBOSE) for (const d of differ) console.log(`  differs: ${d}`);
  assert.ok(ok / total >= 0.95, `DNS fields match on ${((100 * ok) / total).toFixed(1)} % (< 95 %)`);
});

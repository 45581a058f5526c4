// HTTP/1.x fields against Arkime's expected documents (sessions with an http object, no TLS).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { corpusOrSkip } from './helpers/corpus.js';
import { ingestEach, withStore } from './helpers/ingest.js';
import { normIp } from './helpers/ipnorm.js';

type Doc = Record<string, any>;
const set = (xs: unknown[]) => JSON.stringify([...new Set(xs.map((x) => String(x)))].sort());

/** Arkime stored name → Weir query name. */
const FIELDS: [string, string][] = [
  ['host', 'host.http'], ['uri', 'http.uri'], ['path', 'http.uri.path'], ['method', 'http.method'], ['statuscode', 'http.statuscode'],
  ['useragent', 'http.user-agent'], ['clientVersion', 'http.version.src'], ['serverVersion', 'http.version.dst'],
  ['requestHeader', 'http.hasheader.src'], ['responseHeader', 'http.hasheader.dst'],
];

test('HTTP/1.x over TCP: Weir\'s HTTP fields match Arkime\'s expected documents', { timeout: 300_000 }, async () => {
  const dir = corpusOrSkip('arkime');
  if (!dir) return;
  const cases: { pcap: string; docs: Doc[] }[] = [];
  for (const f of readdirSync(dir).filter((x) => x.endsWith('.test')).sort()) {
    const docs = (JSON.parse(readFileSync(join(dir, f), 'utf8')).sessions3 ?? []).map((x: Doc) => x.body)
      .filter((b: Doc) => b.http && b.ipProtocol === 6 && b.protocol?.includes('http') && !b.protocol.includes('tls') && !b.protocol.includes('http2'));
    if (docs.length) cases.push({ pcap: f.replace(/\.test$/, '.pcap'), docs });
  }
  assert.ok(cases.length >= 10, `expected HTTP cases in the corpus, found ${cases.length}`);
  const stats = new Map<string, { ok: number; total: number }>();
  const differ: string[] = [];
  await withStore(async (store) => {
    const got = await ingestEach(store, cases.map((c) => join(dir, c.pcap)));
    for (const c of cases) {
      const sessions = got.get(join(dir, c.pcap))!.sessions;
      for (const e of c.docs) {
        const a = sessions.find((s) => normIp(s['ip.src']) === normIp(e.source?.ip) && s['port.src'] === e.source?.port && s.firstPacket === e.firstPacket);
        for (const [arkime, weir] of FIELDS) {
          const want = e.http[arkime];
          if (want === undefined) continue;
          const st = stats.get(weir) ?? { ok: 0, total: 0 };
          stats.set(weir, st);
          st.total++;
          const have = a ? set((a[weir] as unknown[]) ?? []) : 'missing';
          if (set(want) === have) st.ok++;
          else differ.push(`${c.pcap} ${weir}: expected ${set(want)} got ${have}`);
        }
      }
    }
  });
  let ok = 0;
  let total = 0;
  console.log(`\nHTTP conformance over ${cases.length} files`);
  for (const [name, s] of stats) {
    ok += s.ok;
    total += s.total;
    console.log(`  ${name.padEnd(22)} ${s.ok}/${s.total} ${((100 * s.ok) / s.total).toFixed(1)} %`);
  }
  console.log(`  all HTTP fields       ${ok}/${total} ${((100 * ok) / total).toFixed(1)} %`);
  if (process.env.WEIR_VERBOSE) for (const d of differ) console.log(`  differs: ${d}`);
  assert.ok(ok / total >= 0.95, `HTTP fields match on ${((100 * ok) / total).toFixed(1)} % (< 95 %)`);
});

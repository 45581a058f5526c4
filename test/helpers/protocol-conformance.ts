// Shared shape of the per-protocol Arkime conformance suites: pick the expected sessions that
// carry a protocol, ingest their pcaps, compare each field as a set, print a match table.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ingestEach, withStore } from './ingest.js';
import { normIp } from './ipnorm.js';

export type Doc = Record<string, any>;

export interface FieldCheck {
  /** Weir query name. */
  name: string;
  /** Expected values from Arkime's session body, or undefined when Arkime recorded nothing to check. */
  expected: (body: Doc) => unknown[] | undefined;
  /** Normalises a value of either side before comparing (default: String). */
  norm?: (v: unknown) => string;
}

export interface Suite {
  protocol: string;
  select: (body: Doc) => boolean;
  fields: FieldCheck[];
  minFiles: number;
  threshold: number;
}

const asSet = (xs: unknown[], norm: (v: unknown) => string) => JSON.stringify([...new Set(xs.map(norm))].sort());

export async function runProtocolConformance(dir: string, suite: Suite): Promise<void> {
  const cases: { pcap: string; docs: Doc[] }[] = [];
  for (const f of readdirSync(dir).filter((x) => x.endsWith('.test')).sort()) {
    const docs = (JSON.parse(readFileSync(join(dir, f), 'utf8')).sessions3 ?? []).map((x: Doc) => x.body).filter(suite.select);
    if (docs.length) cases.push({ pcap: f.replace(/\.test$/, '.pcap'), docs });
  }
  assert.ok(cases.length >= suite.minFiles, `expected ${suite.protocol} cases in the corpus, found ${cases.length}`);
  const stats = new Map<string, { ok: number; total: number }>();
  const differ: string[] = [];
  await withStore(async (store) => {
    const got = await ingestEach(store, cases.map((c) => join(dir, c.pcap)));
    for (const c of cases) {
      const sessions = got.get(join(dir, c.pcap))!.sessions;
      for (const e of c.docs) {
        const a = sessions.find((s) => normIp(s['ip.src']) === normIp(e.source?.ip) && s['port.src'] === e.source?.port && s.firstPacket === e.firstPacket);
        for (const f of suite.fields) {
          const want = f.expected(e);
          if (want === undefined) continue;
          const norm = f.norm ?? String;
          const st = stats.get(f.name) ?? { ok: 0, total: 0 };
          stats.set(f.name, st);
          st.total++;
          const have = a ? asSet((a[f.name] as unknown[]) ?? [], norm) : 'missing';
          if (asSet(want, norm) === have) st.ok++;
          else differ.push(`${c.pcap} ${f.name}: expected ${asSet(want, norm)} got ${have}`);
        }
      }
    }
  });
  let ok = 0;
  let total = 0;
  console.log(`\n${suite.protocol} conformance over ${cases.length} files`);
  for (const [name, s] of stats) {
    ok += s.ok;
    total += s.total;
    console.log(`  ${name.padEnd(22)} ${s.ok}/${s.total} ${((100 * s.ok) / s.total).toFixed(1)} %`);
  }
  console.log(`  all ${suite.protocol} fields ${ok}/${total} ${((100 * ok) / total).toFixed(1)} %`);
  if (process.env.WEIR_VERBOSE) for (const d of differ) console.log(`  differs: ${d}`);
  assert.ok(ok / total >= suite.threshold, `${suite.protocol} fields match on ${((100 * ok) / total).toFixed(1)} % (< ${suite.threshold * 100} %)`);
}

// Arkime conformance: every arkime corpus pcap with an expected .test document is ingested and
// compared, field by field, on the core SPI fields. Prints per-field match rates.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { corpusOrSkip } from './helpers/corpus.js';
import { ingestEach, withStore } from './helpers/ingest.js';
import { normIp } from './helpers/ipnorm.js';
import type { SessionDoc } from '../src/session/record.js';
import { pair } from './helpers/pair.js';

type Doc = Record<string, any>;

/** Arkime stored name -> Weir query name, and how to read each side. */
const FIELDS: { name: string; group: 'core' | 'l2'; exp: (d: Doc) => unknown; act: (s: SessionDoc) => unknown; when?: (d: Doc) => boolean }[] = [
  { name: 'ip.src', group: 'core', exp: (d) => normIp(d.source?.ip), act: (s) => normIp(s['ip.src']) },
  { name: 'ip.dst', group: 'core', exp: (d) => normIp(d.destination?.ip), act: (s) => normIp(s['ip.dst']) },
  { name: 'port.src', group: 'core', exp: (d) => d.source?.port, act: (s) => s['port.src'] },
  { name: 'port.dst', group: 'core', exp: (d) => d.destination?.port, act: (s) => s['port.dst'] },
  { name: 'ip.protocol', group: 'core', exp: (d) => d.ipProtocol, act: (s) => s['ip.protocol'] },
  { name: 'packets', group: 'core', exp: (d) => d.network?.packets, act: (s) => s.packets },
  { name: 'packets.src', group: 'core', exp: (d) => d.source?.packets, act: (s) => s['packets.src'] },
  { name: 'packets.dst', group: 'core', exp: (d) => d.destination?.packets, act: (s) => s['packets.dst'] },
  { name: 'bytes', group: 'core', exp: (d) => d.network?.bytes, act: (s) => s.bytes },
  { name: 'bytes.src', group: 'core', exp: (d) => d.source?.bytes, act: (s) => s['bytes.src'] },
  { name: 'bytes.dst', group: 'core', exp: (d) => d.destination?.bytes, act: (s) => s['bytes.dst'] },
  { name: 'databytes', group: 'core', exp: (d) => d.totDataBytes, act: (s) => s.databytes },
  { name: 'databytes.src', group: 'core', exp: (d) => d.client?.bytes, act: (s) => s['databytes.src'] },
  { name: 'databytes.dst', group: 'core', exp: (d) => d.server?.bytes, act: (s) => s['databytes.dst'] },
  { name: 'firstPacket', group: 'core', exp: (d) => d.firstPacket, act: (s) => s.firstPacket },
  { name: 'lastPacket', group: 'core', exp: (d) => d.lastPacket, act: (s) => s.lastPacket },
  { name: 'communityId', group: 'core', exp: (d) => d.network?.community_id, act: (s) => s.communityId, when: (d) => d.network?.community_id !== undefined },
  { name: 'vlan', group: 'l2', exp: (d) => set(d.network?.vlan?.id), act: (s) => set(s.vlan) },
  { name: 'mac.src', group: 'l2', exp: (d) => set(d.source?.mac), act: (s) => set(s['mac.src']) },
  { name: 'mac.dst', group: 'l2', exp: (d) => set(d.destination?.mac), act: (s) => set(s['mac.dst']) },
  { name: 'ttl.src', group: 'l2', exp: (d) => set(d.srcTTL), act: (s) => set(s['ttl.src']) },
  { name: 'ttl.dst', group: 'l2', exp: (d) => set(d.dstTTL), act: (s) => set(s['ttl.dst']) },
  ...['syn', 'syn-ack', 'ack', 'psh', 'fin', 'rst', 'urg'].map((f) => ({
    name: `tcpflags.${f}`, group: 'l2' as const, exp: (d: Doc) => d.tcpflags?.[f], act: (s: SessionDoc) => s[`tcpflags.${f}`], when: (d: Doc) => d.tcpflags !== undefined,
  })),
];

/** Informational only (not in the thresholds). */
const EXTRA: typeof FIELDS = [
  { name: 'tcpseq.src', group: 'l2', exp: (d) => d.tcpseq?.src, act: (s) => s['tcpseq.src'], when: (d) => d.tcpseq?.src !== undefined },
  { name: 'initRTT', group: 'l2', exp: (d) => d.initRTT, act: (s) => s.initRTT, when: (d) => d.initRTT !== undefined },
  { name: 'ethertype', group: 'l2', exp: (d) => d.ethertype, act: (s) => s.ethertype, when: (d) => d.ethertype !== undefined },
  { name: 'packetPos', group: 'l2', exp: (d) => JSON.stringify(d.packetPos), act: (s) => JSON.stringify((s.packetPos as number[]).filter((p) => p >= 0)) },
  { name: 'packetLen', group: 'l2', exp: (d) => JSON.stringify(d.packetLen), act: (s) => JSON.stringify((s.packetLen as number[]).filter((p) => p > 0)) },
];

function set(v: unknown): string {
  const a = Array.isArray(v) ? v : v === undefined || v === null ? [] : [v];
  return JSON.stringify(a.map(String).sort());
}

test('Arkime regression corpus: core SPI fields match the expected session documents', { timeout: 600_000 }, async () => {
  const dir = corpusOrSkip('arkime');
  if (!dir) return;
  const pcaps = readdirSync(dir).filter((f) => f.endsWith('.pcap') && existsSync(join(dir, f.replace(/\.pcap$/, '.test')))).sort();
  assert.ok(pcaps.length > 100, 'expected the arkime corpus to hold its regression pcaps');
  const stats = new Map<string, { ok: number; total: number }>();
  const differing = new Map<string, Set<string>>();
  let filesCountOk = 0;
  const note = (file: string, what: string) => {
    if (!differing.has(file)) differing.set(file, new Set());
    differing.get(file)!.add(what);
  };
  await withStore(async (store) => {
    const results = await ingestEach(store, pcaps.map((p) => join(dir, p)));
    for (const p of pcaps) {
      const expected: Doc[] = (JSON.parse(readFileSync(join(dir, p.replace(/\.pcap$/, '.test')), 'utf8')).sessions3 ?? []).map((x: Doc) => x.body);
      const actual = results.get(join(dir, p))!.sessions;
      if (expected.length === actual.length) filesCountOk++;
      else note(p, `session count ${actual.length} vs expected ${expected.length}`);
      const paired = pair(expected, actual);
      expected.forEach((e, i) => {
        const a = paired[i];
        for (const f of [...FIELDS, ...EXTRA]) {
          if (f.when && !f.when(e)) continue;
          const st = stats.get(f.name) ?? { ok: 0, total: 0 };
          stats.set(f.name, st);
          st.total++;
          const want = f.exp(e);
          const got = a ? f.act(a) : undefined;
          if (a && (want === got || (want === undefined && (got === undefined || got === '[]')))) st.ok++;
          else {
            note(p, a ? f.name : 'unmatched session');
            if (process.env.WEIR_VERBOSE) console.log(`${p} #${i} ${f.name}: expected ${JSON.stringify(want)} got ${JSON.stringify(got)}`);
          }
        }
      });
    }
  });
  const rate = (n: string) => {
    const s = stats.get(n)!;
    return s.total ? s.ok / s.total : 1;
  };
  console.log(`\nArkime conformance over ${pcaps.length} files`);
  console.log(`  session count exact: ${filesCountOk}/${pcaps.length} files (${((100 * filesCountOk) / pcaps.length).toFixed(1)} %)`);
  for (const f of [...FIELDS, ...EXTRA]) {
    const s = stats.get(f.name)!;
    const tag = EXTRA.includes(f) ? ' (informational)' : '';
    console.log(`  ${f.name.padEnd(18)} ${String(s.ok).padStart(4)}/${String(s.total).padEnd(4)} ${(100 * rate(f.name)).toFixed(1).padStart(5)} %${tag}`);
  }
  console.log('  files that differ:');
  for (const [file, what] of [...differing].sort()) console.log(`    ${file}: ${[...what].join(', ')}`);
  assert.ok(filesCountOk / pcaps.length >= 0.95, `session count exact on ${filesCountOk}/${pcaps.length} files (< 95 %)`);
  for (const f of FIELDS) {
    const min = f.group === 'core' ? 0.98 : 0.95;
    assert.ok(rate(f.name) >= min, `${f.name} matched on ${(100 * rate(f.name)).toFixed(1)} % of expected sessions (< ${min * 100} %)`);
  }
});

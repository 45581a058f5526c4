// suricata-verify cross-check: the DNS, HTTP, TLS, SSH and SMTP values Suricata's tests assert on
// (test.yaml `checks:`, positive ones) must be found in Weir's sessions of the same capture.
// Suricata's EVE names are mapped to Weir fields in one table below; keys without a Weir field
// (transaction ids, flags words, lengths) are not counted.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { corpusOrSkip } from './helpers/corpus.js';
import { ingestEach, withStore } from './helpers/ingest.js';
import { normIp } from './helpers/ipnorm.js';
import { readChecks } from './helpers/sv-checks.js';
import type { SessionDoc } from '../src/session/record.js';

/** true/false: found or not; null: not checkable from session-level values. */
type Probe = (value: string, sessions: SessionDoc[]) => boolean | null;

const vals = (ss: SessionDoc[], ...fields: string[]) => ss.flatMap((s) => fields.flatMap((f) => ((s[f] as unknown[]) ?? []).map((v) => String(v))));
const has = (...fields: string[]): Probe => (v, ss) => vals(ss, ...fields).some((x) => x.toLowerCase() === v.toLowerCase());
const OPCODES = ['QUERY', 'IQUERY', 'STATUS', '', 'NOTIFY', 'UPDATE'];
const cn = (dn: string) => /(?:^|,\s*)CN=([^,]+)/.exec(dn)?.[1];
const ssh = (part: 'sw' | 'proto'): Probe => (v, ss) =>
  vals(ss, 'ssh.ver').some((x) => (part === 'proto' ? x.startsWith(`ssh-${v.toLowerCase()}-`) : x.split('-').slice(2).join('-') === v.toLowerCase()));

/** Suricata EVE key (array indexes dropped) -> how to find its value in Weir's sessions. */
const MAP: [RegExp, Probe][] = [
  [/^dns\.(queries\.)?rrname$/, has('dns.query.host', 'dns.answer.name')],
  [/^dns\.(queries\.)?rrtype$/, has('dns.query.type', 'dns.answer.type')],
  [/^dns\.(answers|authorities)\.rrname$/, has('dns.answer.name')],
  [/^dns\.(answers|authorities)\.rrtype$/, has('dns.answer.type')],
  [/^dns\.(answers|authorities)\.ttl$/, has('dns.answer.ttl')],
  [/^dns\.answers\.rdata$/, (v, ss) => has('dns.answer.cname', 'host.dns.mailserver', 'host.dns.nameserver', 'dns.answer.txt')(v, ss) || vals(ss, 'dns.answer.ip').some((x) => normIp(x) === normIp(v))],
  [/^dns\.grouped\.(A|AAAA)$/, (v, ss) => vals(ss, 'dns.answer.ip').some((x) => normIp(x) === normIp(v))],
  [/^dns\.grouped\.CNAME$/, has('dns.answer.cname')],
  [/^dns\.rcode$/, has('dns.status')],
  [/^dns\.opcode$/, (v, ss) => has('dns.opcode')(OPCODES[Number(v)] ?? v, ss)],
  // Header bits: Weir keeps the union over a session's messages, so only "true" can be checked.
  ...(['rd', 'ra', 'aa', 'tc'] as const).map((bit): [RegExp, Probe] => [new RegExp(`^dns\\.${bit}$`), (v, ss) => (v === 'true' ? has('dns.header_flags')(bit.toUpperCase(), ss) : null)]),
  [/^smtp\.helo$/, has('email.smtp-hello')],
  [/^smtp\.mail_from$/, (v, ss) => has('email.src')(v.replace(/^<|>$/g, ''), ss)],
  [/^smtp\.rcpt_to$/, (v, ss) => has('email.dst')(v.replace(/^<|>$/g, ''), ss)],
  [/^http\.hostname$/, has('host.http')],
  [/^http\.url$/, (v, ss) => vals(ss, 'http.uri').some((x) => x.endsWith(v))],
  [/^http\.http_method$/, has('http.method')],
  [/^http\.status$/, has('http.statuscode')],
  [/^http\.protocol$/, (v, ss) => has('http.version.src', 'http.version.dst')(v.replace(/^HTTP\//, ''), ss)],
  [/^http\.http_user_agent$/, has('http.user-agent')],
  [/^http\.http_content_type$/, (v, ss) => vals(ss, 'http.hasheader.dst.value').some((x) => x.split(';')[0].trim() === v.toLowerCase())],
  [/^tls\.sni$/, has('tls.sni')],
  [/^tls\.version$/, (v, ss) => has('tls.version')(v.replace(/^TLS /, 'TLSv').replace(' draft-', '-draft-'), ss)],
  [/^tls\.ja3\.hash$/, has('tls.ja3')],
  [/^tls\.ja3\.string$/, has('tls.ja3string')],
  [/^tls\.ja3s\.hash$/, has('tls.ja3s')],
  [/^tls\.ja3s\.string$/, has('tls.ja3sstring')],
  [/^tls\.serial$/, (v, ss) => has('cert.serial')(v.replace(/:/g, ''), ss)],
  [/^tls\.fingerprint$/, has('cert.hash')],
  [/^tls\.subject$/, (v, ss) => (cn(v) ? has('cert.subject.cn')(cn(v)!, ss) : null)],
  [/^tls\.issuerdn$/, (v, ss) => (cn(v) ? has('cert.issuer.cn')(cn(v)!, ss) : null)],
  [/^tls\.notbefore$/, (v, ss) => has('cert.notbefore')(String(Date.parse(`${v}Z`)), ss)],
  [/^tls\.notafter$/, (v, ss) => has('cert.notafter')(String(Date.parse(`${v}Z`)), ss)],
  [/^ssh\.client\.software_version$/, ssh('sw')],
  [/^ssh\.server\.software_version$/, ssh('sw')],
  [/^ssh\.client\.proto_version$/, ssh('proto')],
  [/^ssh\.server\.proto_version$/, ssh('proto')],
  [/^ssh\.client\.hassh\.hash$/, has('ssh.hassh')],
  [/^ssh\.server\.hassh\.hash$/, has('ssh.hasshServer')],
];
const EVENTS = new Set(['dns', 'http', 'tls', 'ssh', 'smtp']);

test('suricata-verify: DNS, HTTP, TLS, SSH and SMTP values checked by Suricata tests are found by Weir', { timeout: 600_000 }, async () => {
  const root = corpusOrSkip('suricata-verify');
  if (!root) return;
  const cases: { dir: string; pcap: string; checks: [string, string][] }[] = [];
  for (const d of readdirSync(root).sort()) {
    const yaml = join(root, d, 'test.yaml');
    if (!existsSync(yaml)) continue;
    const pcap = readdirSync(join(root, d)).find((f) => /\.(pcap|pcapng|cap)$/.test(f));
    if (!pcap) continue;
    const checks: [string, string][] = [];
    for (const c of readChecks(readFileSync(yaml, 'utf8'))) {
      if (c.count < 1 || !EVENTS.has(c.match.get('event_type') ?? '')) continue;
      for (const [k, v] of c.match) if (k !== 'event_type') checks.push([k.replace(/\[\d+\]/g, ''), v]);
    }
    if (checks.length) cases.push({ dir: d, pcap: join(root, d, pcap), checks });
  }
  assert.ok(cases.length >= 20, `expected suricata-verify cases with app-layer checks, found ${cases.length}`);
  const stats = new Map<string, { ok: number; total: number }>();
  const differ: string[] = [];
  await withStore(async (store) => {
    const got = await ingestEach(store, cases.map((c) => c.pcap));
    for (const c of cases) {
      const sessions = got.get(c.pcap)!.sessions;
      for (const [key, value] of c.checks) {
        const probe = MAP.find(([re]) => re.test(key))?.[1];
        if (!probe) continue;
        const found = probe(value, sessions);
        if (found === null) continue;
        const group = key.split('.')[0];
        const st = stats.get(group) ?? { ok: 0, total: 0 };
        stats.set(group, st);
        st.total++;
        if (found) st.ok++;
        else differ.push(`${c.dir} ${key}: ${value}`);
      }
    }
  });
  let ok = 0;
  let total = 0;
  console.log(`\nsuricata-verify cross-check over ${cases.length} tests`);
  for (const [g, s] of stats) {
    ok += s.ok;
    total += s.total;
    console.log(`  ${g.padEnd(6)} ${s.ok}/${s.total} ${((100 * s.ok) / s.total).toFixed(1)} %`);
  }
  console.log(`  all    ${ok}/${total} ${((100 * ok) / total).toFixed(1)} %`);
  for (const d of differ) console.log(`  differs: ${d}`);
  assert.ok(ok / total >= 0.95, `suricata-verify checks agree on ${((100 * ok) / total).toFixed(1)} % (< 95 %)`);
});

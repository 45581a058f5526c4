// tshark's view of application fields (DNS query names, HTTP methods/hosts/URIs/status codes, TLS
// SNI and JA3) per flow: one tshark pass per capture with the same fields tshark-oracle.sh's
// dns/http/tls sections print, cached per file content.
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { normIp } from './ipnorm.js';

const CACHE = join(tmpdir(), 'weir-tshark-app-v2');
const FIELDS = ['ip.src', 'ipv6.src', 'ip.dst', 'ipv6.dst', 'tcp.srcport', 'tcp.dstport', 'udp.srcport', 'udp.dstport',
  'dns.qry.name', 'http.request.method', 'http.host', 'http.request.uri', 'http.response.code', 'tls.handshake.extensions_server_name', 'tls.handshake.ja3', 'frame.protocols'];
const FILTER = '(dns && dns.flags.response == 0) || http.request || http.response || tls.handshake.type == 1';

export type Kind = 'dns.query.host' | 'http.method' | 'host.http' | 'http.uri' | 'http.statuscode' | 'tls.sni' | 'tls.ja3';
/** Per flow key (proto|endpoints sorted), the values tshark saw per kind. */
export type AppView = Map<string, Map<Kind, Set<string>>>;

/**
 * Names with bytes outside ASCII (DNS tunnels) print differently: tshark decodes UTF-8 (and shows
 * invalid bytes as U+FFFD), Weir keeps each byte as a Latin-1 character. Both sides compare with
 * every run of such characters as one "?".
 */
export const printable = (v: string) => v.replace(/[^\x20-\x7e]+/g, '?');

export const flowKey = (proto: string, a: string, pa: unknown, b: string, pb: unknown) => `${proto}|${[`${normIp(a)}/${pa}`, `${normIp(b)}/${pb}`].sort().join('|')}`;

function run(file: string): Promise<string> {
  const args = ['-n', '-r', file, '-Y', FILTER, '-T', 'fields', '-E', 'occurrence=a', '-E', 'aggregator=|', ...FIELDS.flatMap((f) => ['-e', f])];
  return new Promise((resolve) => execFile('tshark', args, { timeout: 300_000, maxBuffer: 256 << 20 }, (_err, stdout) => resolve(stdout ?? '')));
}

export async function appView(file: string): Promise<AppView> {
  const st = statSync(file);
  const cached = join(CACHE, createHash('sha1').update(`${file}|${st.size}|${st.mtimeMs}`).digest('hex'));
  let out: string;
  if (existsSync(cached)) out = readFileSync(cached, 'utf8');
  else {
    out = await run(file);
    mkdirSync(CACHE, { recursive: true });
    writeFileSync(cached, out);
  }
  const view: AppView = new Map();
  const last = (v: string) => v.split('|').pop() ?? '';
  for (const line of out.split('\n')) {
    if (!line) continue;
    const c = line.split('\t');
    // The innermost IP layer keys the flow (6in4, 4in6): whichever family comes last in the stack.
    const stack = c[15] ?? '';
    const v6 = stack.lastIndexOf(':ipv6') > stack.lastIndexOf(':ip:');
    const [src, dst] = v6 ? [last(c[1]) || last(c[0]), last(c[3]) || last(c[2])] : [last(c[0]) || last(c[1]), last(c[2]) || last(c[3])];
    const tcp = c[4] !== '';
    const [sp, dp] = tcp ? [last(c[4]), last(c[5])] : [last(c[6]), last(c[7])];
    if (!src || !sp) continue;
    const key = flowKey(tcp ? 'tcp' : 'udp', src, sp, dst, dp);
    const kinds = view.get(key) ?? new Map<Kind, Set<string>>();
    view.set(key, kinds);
    const put = (k: Kind, v: string) => {
      if (!v) return;
      v = printable(v);
      if (!kinds.has(k)) kinds.set(k, new Set());
      kinds.get(k)!.add(v);
    };
    for (const q of c[8].split('|')) put('dns.query.host', q.toLowerCase() === '<root>' ? '<root>' : q.toLowerCase());
    // A frame can carry several HTTP messages (pipelining): tshark joins their values with "|".
    const hosts = c[10].split('|');
    for (const m of c[9].split('|')) put('http.method', m);
    for (const h of hosts) put('host.http', h.toLowerCase());
    c[11].split('|').forEach((u, i) => {
      const h = hosts[i] ?? hosts[hosts.length - 1];
      if (u.startsWith('/') && h) put('http.uri', h.toLowerCase() + u);
    });
    for (const code of c[12].split('|')) put('http.statuscode', code);
    for (const sni of c[13].split('|')) put('tls.sni', sni.toLowerCase());
    for (const ja3 of c[14].split('|')) put('tls.ja3', ja3);
  }
  return view;
}

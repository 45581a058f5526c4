// Arkime expressions compiled to SQL and run on a real DuckDB file of Weir's sample traffic. Each
// case states its meaning as a predicate over the stored sessions, evaluated here in JavaScript:
// the SQL answer must be exactly the sessions the predicate picks.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { DuckDbStore } from '../src/store/duckdb/duckdb-store.js';
import { importFiles } from '../src/ingest/importer.js';
import { writeSample } from '../src/sample/generate.js';
import { parseExpression, ExpressionError } from '../src/query/parser.js';
import { compileExpression } from '../src/query/compile.js';
import { DUCKDB } from '../src/query/dialect.js';
import type { SessionDoc } from '../src/session/record.js';
import { scratchDir } from './helpers/ingest.js';
import { DEFAULT_SESSION_CONFIG } from '../src/session/timeouts.js';

type Doc = SessionDoc & Record<string, unknown>;
const list = (d: Doc, k: string) => ((d[k] as unknown[] | undefined) ?? []) as (string | number)[];
const ipv4 = (s: unknown) => (typeof s === 'string' && /^\d+\.\d+\.\d+\.\d+$/.test(s) ? s.split('.').reduce((a, o) => a * 256 + Number(o), 0) : NaN);

const CASES: [string, (d: Doc) => boolean][] = [
  ['port.dst == 53', (d) => d['port.dst'] === 53],
  ['port.dst != 53', (d) => d['port.dst'] !== 53],
  ['port.dst == [80,443]', (d) => d['port.dst'] === 80 || d['port.dst'] === 443],
  ['port.dst == 1-1024', (d) => typeof d['port.dst'] === 'number' && d['port.dst'] >= 1 && d['port.dst'] <= 1024],
  ['port.dst > 1024', (d) => typeof d['port.dst'] === 'number' && d['port.dst'] > 1024],
  ['packets >= 10', (d) => Number(d.packets) >= 10],
  ['ip.src == 192.168.10.11', (d) => d['ip.src'] === '192.168.10.11'],
  ['ip.dst == 203.0.113.0/29', (d) => ipv4(d['ip.dst']) >= ipv4('203.0.113.0') && ipv4(d['ip.dst']) <= ipv4('203.0.113.7')],
  ['ip.dst == 10.30', (d) => String(d['ip.dst']).startsWith('10.30.')],
  ['ip.src == fd00::11', (d) => d['ip.src'] === 'fd00::11'],
  ['protocols == http', (d) => list(d, 'protocols').includes('http')],
  ['protocols == ]dns,udp[', (d) => list(d, 'protocols').includes('dns') && list(d, 'protocols').includes('udp')],
  ['protocols == [gre,arp]', (d) => list(d, 'protocols').includes('gre') || list(d, 'protocols').includes('arp')],
  ['host.http == *.example.com', (d) => list(d, 'host.http').some((h) => String(h).endsWith('.example.com'))],
  ['host.http == WWW.EXAMPLE.COM', (d) => list(d, 'host.http').includes('www.example.com')],
  ['dns.query.host == /.*\\.(org|net)/', (d) => list(d, 'dns.query.host').some((h) => /^.*\.(org|net)$/.test(String(h)))],
  ['dns.query.host == ma?l.example.org', (d) => list(d, 'dns.query.host').includes('mail.example.org')],
  ['http.statuscode == EXISTS!', (d) => list(d, 'http.statuscode').length > 0],
  ['http.statuscode != EXISTS!', (d) => list(d, 'http.statuscode').length === 0],
  ['host.http.cnt == 0', (d) => list(d, 'host.http').length === 0],
  ['!(port.dst == 53 || port.dst == 80) && ip.protocol == 6', (d) => d['port.dst'] !== 53 && d['port.dst'] !== 80 && d['ip.protocol'] === 6],
  ['port.dst == 53 || port.dst == 80 && ip.src == 192.168.10.10', (d) => d['port.dst'] === 53 || (d['port.dst'] === 80 && d['ip.src'] === '192.168.10.10')],
  ['ip == 192.168.10.1', (d) => d['ip.src'] === '192.168.10.1' || d['ip.dst'] === '192.168.10.1'],
  ['ip == 203.0.113.20:80', (d) => d['ip.dst'] === '203.0.113.20' && d['port.dst'] === 80],
  ['port == 22', (d) => d['port.src'] === 22 || d['port.dst'] === 22],
  ['port != 53', (d) => d['port.src'] !== 53 && d['port.dst'] !== 53],
  ['host == cdn.example.com', (d) => list(d, 'host.http').includes('cdn.example.com') || list(d, 'host.dns').includes('cdn.example.com')],
  ['firstPacket >= "2026-11-23T09:00:30Z"', (d) => Number(d.firstPacket) >= Date.UTC(2026, 10, 23, 9, 0, 30)],
  ['firstPacket >= "2026/11/23 09:00:30"', (d) => Number(d.firstPacket) >= Date.UTC(2026, 10, 23, 9, 0, 30)],
  ['lastPacket < 1795424410', (d) => Number(d.lastPacket) < 1795424410e3],
  ['firstPacket == 1795424405-1795424410', (d) => Number(d.firstPacket) >= 1795424405e3 && Number(d.firstPacket) <= 1795424410e3],
  ['ip.src == fd00::/16', (d) => String(d['ip.src']).startsWith('fd00:')],
  ['ip.src == fd00::10/127', (d) => d['ip.src'] === 'fd00::10' || d['ip.src'] === 'fd00::11'],
  ['ip.src == ipv6', (d) => String(d['ip.src']).includes(':')],
  ['ip.src != ipv4', (d) => !/^\d+\.\d+\.\d+\.\d+$/.test(String(d['ip.src']))],
  ['ip.src == 192.168.10.11:', (d) => d['ip.src'] === '192.168.10.11'],
  ['ip.dst == :53', (d) => d['port.dst'] === 53],
  ['ip.dst == 192.168.10/24:53', (d) => String(d['ip.dst']).startsWith('192.168.10.') && d['port.dst'] === 53],
  ['ip.dst == fd00::1.53', (d) => d['ip.dst'] === 'fd00::1' && d['port.dst'] === 53],
  ['ip == .50000', (d) => d['port.src'] === 50000 || d['port.dst'] === 50000],
  ['ip.src > 192.168.10.11', (d) => ipv4(d['ip.src']) > ipv4('192.168.10.11')],
  ['ip.src <= 192.168.10.11', (d) => ipv4(d['ip.src']) <= ipv4('192.168.10.11')],
  ['mac.src == 02-42-ac-11-00-10', (d) => list(d, 'mac.src').includes('02:42:ac:11:00:10')],
  ['mac.src == /02-42-ac-11-00-1[01]/', (d) => list(d, 'mac.src').some((m) => /^02:42:ac:11:00:1[01]$/.test(String(m)))],
];

// Hostile values: each must be taken literally (matching nothing here) or refused, never run as SQL.
const HOSTILE = [
  `host.http == "x' OR '1'='1"`,
  `host.http == "www.example.com'; DROP TABLE sessions; --"`,
  `host.http == "\\\\' OR 1=1 /*"`,
  `host.http == [a,"b'); DELETE FROM sessions; --"]`,
  `http.uri == /.*'); DROP TABLE sessions; --/`,
  `host.http == "ünïcødé' --"`,
  `host.http == *'%_\\\\*`,
];

test('expressions: SQL results equal each case\'s meaning over the sample sessions; hostile values stay literal', async () => {
  const { dir, cleanup } = scratchDir();
  const pcap = join(dir, 'sample.pcap');
  writeSample(pcap);
  const store = await DuckDbStore.open(join(dir, 'weir.duckdb'));
  try {
    await importFiles(store, [pcap], { node: 'test', config: DEFAULT_SESSION_CONFIG, force: false });
    const all: Doc[] = [];
    for await (const d of store.querySessions({ terms: [] })) all.push(d as Doc);
    assert.ok(all.length > 50, 'the sample has sessions');
    for (const [text, meaning] of CASES) {
      const got: string[] = [];
      for await (const d of store.querySessions({ terms: [], expression: parseExpression(text) })) got.push(String(d.id));
      const want = all.filter(meaning).map((d) => String(d.id));
      assert.deepEqual(got.sort(), want.sort(), text);
      assert.ok(text.includes('!=') || text.includes('!(') || want.length < all.length, `${text} is selective`);
    }
    for (const text of HOSTILE) {
      let n = 0;
      try {
        for await (const _ of store.querySessions({ terms: [], expression: parseExpression(text) })) n++;
      } catch (e) {
        assert.ok(e instanceof ExpressionError, `${text}: ${String(e)}`);
      }
      assert.equal(n, 0, text);
    }
    let after = 0;
    for await (const _ of store.querySessions({ terms: [] })) after++;
    assert.equal(after, all.length, 'no hostile value changed the data');
  } finally {
    await store.close();
    cleanup();
  }
});

test('field and value errors name the position: unknown fields with suggestions, bad numbers, bad blocks', () => {
  const cases: [string, number, RegExp][] = [
    ['ip.srcc == 1.2.3.4', 0, /unknown field "ip.srcc".*ip\.src/],
    ['port.dst == 53 && port.dts == 80', 18, /unknown field "port.dts"/],
    ['port.dst == http', 12, /needs an integer/],
    ['ip.dst == 300.1.2.3/8', 10, /"300\.1\.2\.3\/8" is not an IP address/],
    ['port.dst == /5.*/', 12, /numeric/],
    ['host.http > *.com', 12, /wildcards take == or !=/],
    ['http.uri == /a(b/', 12, /bad regular expression/],
  ];
  for (const [text, position, message] of cases) {
    assert.throws(
      () => compileOnly(text),
      (e: unknown) => e instanceof ExpressionError && e.position === position && message.test(e.message),
      text,
    );
  }
});

function compileOnly(text: string) {
  return compileExpression(parseExpression(text), (f) => `"${f.column}"`, DUCKDB);
}

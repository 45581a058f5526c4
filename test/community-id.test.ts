// Community ID v1: the spec's baseline vectors, computed directly and through real ingest.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { corpusOrSkip } from './helpers/corpus.js';
import { withStore } from './helpers/ingest.js';
import { communityId } from '../src/session/community-id.js';
import { parseIp } from '../src/session/ip-format.js';
import { importFiles } from '../src/ingest/importer.js';
import { normIp } from './helpers/ipnorm.js';

interface Vector { proto: number; saddr: string; daddr: string; sport: number; dport: number; communityid: string }

const VARIANTS: [string, number, boolean][] = [['baseline_deflt.json', 0, true], ['baseline_seed1.json', 1, true], ['baseline_nob64.json', 0, false]];

test('Community ID: every baseline vector of the spec (default, seed 1, no base64)', () => {
  const dir = corpusOrSkip('community-id/baseline');
  if (!dir) return;
  let n = 0;
  for (const [file, seed, b64] of VARIANTS) {
    const vectors: Vector[] = JSON.parse(readFileSync(join(dir, file), 'utf8'));
    assert.ok(vectors.length > 10);
    for (const v of vectors) {
      const got = communityId(v.proto, parseIp(v.saddr)!, parseIp(v.daddr)!, v.sport, v.dport, seed, b64);
      assert.equal(got, v.communityid, `${file}: ${JSON.stringify(v)}`);
      n++;
    }
  }
  console.log(`community id: ${n}/${n} baseline vectors match`);
});

test('Community ID: the spec README table (ICMP mapping, one-way types, port-less protocols)', () => {
  const a = parseIp('1.2.3.4')!;
  const b = parseIp('5.6.7.8')!;
  assert.equal(communityId(6, a, b, 1122, 3344), '1:wCb3OG7yAFWelaUydu0D+125CLM=');
  assert.equal(communityId(6, b, a, 3344, 1122), '1:wCb3OG7yAFWelaUydu0D+125CLM=');
  assert.equal(communityId(1, a, b, 8, 0), '1:crodRHL2FEsHjbv3UkRrfbs4bZ0=');
  assert.equal(communityId(1, b, a, 0, 0), '1:crodRHL2FEsHjbv3UkRrfbs4bZ0=');
  assert.equal(communityId(1, a, b, 11, 0), '1:f/YiSyWqczrTgfUCZlBUnvHRcPk=');
  assert.equal(communityId(46, a, b, 0, 0), '1:ikv3kmf89luf73WPz1jOs49S768=');
  const x = parseIp('fe80:0001:0203:0405:0607:0809:0A0B:0C0D')!;
  const y = parseIp('fe80:1011:1213:1415:1617:1819:1A1B:1C1D')!;
  assert.equal(communityId(58, x, y, 128, 0), '1:0bf7hyMJUwt3fMED7z8LIfRpBeo=');
  assert.equal(communityId(58, y, x, 129, 0), '1:0bf7hyMJUwt3fMED7z8LIfRpBeo=');
  assert.equal(communityId(58, x, y, 146, 0), '1:fYC8+pz24E+EhANP1EZhpX0Dw10=');
});

test('Community ID: sessions ingested from the spec pcap (gzip-compressed) carry the baseline ids', async () => {
  const dir = corpusOrSkip('community-id');
  if (!dir) return;
  const vectors: Vector[] = JSON.parse(readFileSync(join(dir, 'baseline', 'baseline_deflt.json'), 'utf8'));
  const byTuple = new Map<string, string>();
  for (const v of vectors) {
    byTuple.set(`${v.proto}|${normIp(v.saddr)}|${normIp(v.daddr)}`, v.communityid);
    byTuple.set(`${v.proto}|${normIp(v.daddr)}|${normIp(v.saddr)}`, v.communityid);
  }
  await withStore(async (store) => {
    const s = await importFiles(store, [join(dir, 'pcaps', 'combined.pcap.gz')], { node: 'test' });
    assert.equal(s.errors, 0);
    let checked = 0;
    for await (const r of store.querySessions({ terms: [] })) {
      if (r.communityId === undefined) continue;
      const want = byTuple.get(`${r['ip.protocol']}|${normIp(r['ip.src'])}|${normIp(r['ip.dst'])}`);
      if (!want) continue;
      // Several ICMP flows can share an address pair; the session's id must be one of them.
      const options = vectors.filter((v) => v.proto === r['ip.protocol'] && [normIp(v.saddr), normIp(v.daddr)].includes(normIp(r['ip.src']))).map((v) => v.communityid);
      assert.ok(options.includes(r.communityId as string), `${JSON.stringify(r['ip.src'])} -> ${JSON.stringify(r['ip.dst'])} proto ${r['ip.protocol']}: ${r.communityId}`);
      checked++;
    }
    assert.ok(checked >= 8, `only ${checked} sessions could be checked`);
    console.log(`community id: ${checked} ingested sessions carry baseline ids`);
  });
});

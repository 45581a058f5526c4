// Round trip: sessions sampled from every corpus source are exported with `weir pcap` and the
// export, re-ingested, yields the same session fields; tshark reads the export with the same count.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { CORPUS, corpusOrSkip } from './helpers/corpus.js';
import { scratchDir } from './helpers/ingest.js';
import { weir } from './helpers/cli.js';
import { haveTshark } from './helpers/tshark.js';
import { expandInputs } from '../src/ingest/importer.js';

const COMPARED = ['ip.src', 'ip.dst', 'port.src', 'port.dst', 'ip.protocol', 'packets', 'packets.src', 'packets.dst', 'bytes', 'bytes.src', 'bytes.dst',
  'databytes', 'databytes.src', 'databytes.dst', 'firstPacket', 'lastPacket', 'communityId', 'vlan', 'mac.src', 'mac.dst', 'ttl.src', 'ttl.dst',
  'tcpflags.syn', 'tcpflags.syn-ack', 'tcpflags.ack', 'tcpflags.psh', 'tcpflags.fin', 'tcpflags.rst', 'protocols'];
const FILES_PER_SOURCE = 4;
const SESSIONS_PER_FILE = 3;

function sessions(db: string, expr?: string): Record<string, unknown>[] {
  const r = weir(['sessions', '--db', db, '--json', ...(expr ? ['--expression', expr] : [])]);
  assert.equal(r.status, 0, r.stderr);
  return r.stdout.trim().split('\n').filter(Boolean).map((l) => JSON.parse(l));
}

test('round trip: weir pcap output re-ingested gives the same session fields, for every corpus source', { timeout: 900_000 }, async () => {
  if (!corpusOrSkip('')) return;
  const { dir, cleanup } = scratchDir();
  try {
    let checked = 0;
    const perSource: string[] = [];
    for (const source of readdirSync(CORPUS).filter((s) => statSync(join(CORPUS, s)).isDirectory()).sort()) {
      // Deterministic sample: files spread over the sorted list, preferring pcapng and compressed ones too.
      const files = (await expandInputs([join(CORPUS, source)])).filter((f) => statSync(f).size < 4 << 20);
      const pick = [...new Set([files.find((f) => f.endsWith('.pcapng')), files.find((f) => /\.(gz|zst)$/.test(f)),
        ...Array.from({ length: FILES_PER_SOURCE }, (_, i) => files[Math.floor((i * files.length) / FILES_PER_SOURCE)])])].filter((f): f is string => !!f);
      let n = 0;
      for (const file of pick) {
        const db = join(dir, `${source}-${n}.duckdb`);
        const imp = weir(['import', '--flush', '--db', db, file]);
        if (imp.status !== 0) continue; // damaged captures are covered by the robustness test
        const all = sessions(db).filter((s) => s['session.segments'] === 1 && s.rootId === s.id && s['ip.protocol'] !== 0);
        const sample = [0, Math.floor(all.length / 2), all.length - 1].slice(0, SESSIONS_PER_FILE).map((i) => all[i]).filter((s, i, a) => s && a.indexOf(s) === i);
        for (const s of sample) {
          const out = join(dir, `rt-${checked}.pcap`);
          const ex = weir(['pcap', '--db', db, String(s.id), '-o', out]);
          assert.equal(ex.status, 0, ex.stderr);
          if (haveTshark()) {
            const frames = spawnSync('tshark', ['-r', out, '-T', 'fields', '-e', 'frame.number'], { encoding: 'utf8' }).stdout.trim().split('\n').filter(Boolean).length;
            const recorded = (s.packetPos as number[]).filter((p) => p >= 0).length;
            assert.equal(frames, recorded, `${file} session ${s.id}: tshark reads ${frames} packets, the session records ${recorded}`);
          }
          const db2 = join(dir, `rt-${checked}.duckdb`);
          assert.equal(weir(['import', '--db', db2, out]).status, 0);
          const again = sessions(db2);
          const match = again.find((r) => r['ip.src'] === s['ip.src'] && r['port.src'] === s['port.src'] && r['ip.dst'] === s['ip.dst'] && r['port.dst'] === s['port.dst']);
          assert.ok(match, `${file}: the exported session ${s.id} was not found again`);
          for (const f of COMPARED) assert.deepEqual(match[f], s[f], `${file} session ${s.id}: ${f}`);
          checked++;
          n++;
        }
      }
      perSource.push(`${source}: ${n}`);
    }
    console.log(`round trip: ${checked} sessions (${perSource.join(', ')})`);
    assert.ok(checked >= 60, `only ${checked} sessions were round-tripped`);
  } finally {
    cleanup();
  }
});

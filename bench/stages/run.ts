// Where ingest time goes, stage by stage: each stage runs the one before it plus one more step,
// in a fresh process, on the same capture, so the difference between two rows is the cost of a
// step per packet. Peers (ndpiReader, tcpdump) run on the same file in the same run.
// Usage: npm run bench:stages [-- CAPTURE]   (default build/bench/bench.pcap; RUNS=3)
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { IMPORT_NODE_FLAGS, WEIR_BIN, benchCapture } from '../bench-capture.js';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readCapture } from '../../src/pcap/reader.js';
import { FrameStage } from '../../src/ingest/frame-stage.js';
import { Pipeline } from '../../src/ingest/pipeline.js';
import { DEFAULT_SESSION_CONFIG } from '../../src/session/timeouts.js';
import type { Decoded, Result } from '../../src/packet/decoded.js';
import type { PacketMeta } from '../../src/session/tracker.js';
import type { FragmentOrigin } from '../../src/packet/fragments.js';

const STAGES = [
  'read: file chunks, pcap records, file SHA-256',
  'decode: link to transport layers, IP fragment reassembly',
  'sessions: flow table, counters, TCP state, session records (--no-parsers)',
  'parsers: classification, reassembly, protocol parsers',
  'store: encode rows, DuckDB append and flush (weir import\'s own clock)',
  'whole weir import process: startup, modules, store open and close included',
] as const;
/** Steps by place in STAGES: the first that builds sessions, the `weir import` run, and the row timed from that same run's wall clock. */
const SESSIONS = 2;
const IMPORT = 4;
const WHOLE = 5;

/** Decodes and drops: the cost of the shared decode step alone. */
class DecodeOnly extends FrameStage {
  protected deliver(_d: Decoded, _r: Result, _m: PacketMeta): void {}
  protected reassembled(_o: FragmentOrigin[]): void {}
  protected expiredFrame(_d: Decoded, _r: Result, _o: FragmentOrigin): void {}
  protected restart(): void {}
}

interface StageResult { ms: number; packets: number; sessions: number; wallMs?: number }

async function runStage(stage: number, file: string): Promise<StageResult> {
  if (stage === IMPORT) {
    const db = join(mkdtempSync(join(tmpdir(), 'weir-stages-')), 'w.duckdb');
    try {
      const t0 = performance.now();
      const out = execFileSync(process.execPath, [WEIR_BIN, 'import', '--quiet', '--workers', '1', '--db', db, file], { encoding: 'utf8' });
      const wall = performance.now() - t0;
      // The importer's own clock starts after startup (modules, store open) and ends after the store's flush.
      const m = /imported 1 files, (\d+) packets, (\d+) sessions, \d+ errors in ([\d.]+) s/.exec(out);
      if (!m) throw new Error(`unexpected import output: ${out}`);
      return { ms: Number(m[3]) * 1000, wallMs: wall, packets: Number(m[1]), sessions: Number(m[2]) };
    } finally {
      rmSync(join(db, '..'), { recursive: true, force: true });
    }
  }
  let onPacket: Parameters<typeof readCapture>[1] = () => {};
  if (stage === 1) onPacket = new DecodeOnly().packet;
  let pipeline: Pipeline | null = null;
  if (stage >= SESSIONS) {
    pipeline = new Pipeline({ node: 'bench', fileName: () => file }, { ...DEFAULT_SESSION_CONFIG, parsers: stage > SESSIONS });
    pipeline.fileId = 1;
    onPacket = pipeline.packet;
  }
  // Records are built as sessions close and dropped here a chunk at a time: memory stays flat, as the store keeps it.
  let sessions = 0;
  const drain = async () => { sessions += pipeline ? pipeline.drain().length : 0; };
  const t0 = performance.now();
  const r = await readCapture(file, onPacket, { afterChunk: drain });
  if (pipeline) sessions += pipeline.finish().length;
  return { ms: performance.now() - t0, packets: r.packets, sessions };
}

function timed(cmd: string, args: string[]): number | null {
  const t0 = performance.now();
  const r = spawnSync(cmd, args, { stdio: 'ignore' });
  return r.error || r.status !== 0 ? null : performance.now() - t0;
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  if (argv[0] === '--stage') {
    const r = await runStage(Number(argv[1]), argv[2]);
    process.stdout.write(JSON.stringify(r) + '\n');
    return;
  }
  const file = benchCapture(argv[0]);
  const runs = Number(process.env.RUNS ?? 3);
  const best: number[] = STAGES.map(() => Infinity);
  const peers: Record<string, number> = { 'ndpiReader -i': Infinity, 'tcpdump -r -w /dev/null': Infinity };
  let packets = 0;
  let sessions = 0;
  for (let round = 0; round < runs; round++) {
    for (let s = 0; s <= IMPORT; s++) {
      // The young generation `weir import` runs with (bin/weir.js), so the steps compare alike.
      const out = execFileSync(process.execPath, [...IMPORT_NODE_FLAGS, fileURLToPath(import.meta.url), '--stage', String(s), file], { encoding: 'utf8' });
      const r = JSON.parse(out) as StageResult;
      best[s] = Math.min(best[s], r.ms);
      if (r.wallMs !== undefined) best[WHOLE] = Math.min(best[WHOLE], r.wallMs);
      // Every step must have seen the whole capture, or its difference to the next means nothing.
      if (packets && r.packets !== packets) throw new Error(`stage ${s} read ${r.packets} packets, stage 0 ${packets}`);
      packets = r.packets;
      if (s >= SESSIONS) sessions = r.sessions;
    }
    const nd = timed('ndpiReader', ['-i', file]);
    const td = timed('tcpdump', ['-n', '-r', file, '-w', '/dev/null']);
    if (nd !== null) peers['ndpiReader -i'] = Math.min(peers['ndpiReader -i'], nd);
    if (td !== null) peers['tcpdump -r -w /dev/null'] = Math.min(peers['tcpdump -r -w /dev/null'], td);
    process.stderr.write(`round ${round + 1} of ${runs} done\n`);
  }
  const us = (ms: number) => (ms * 1000) / packets;
  console.log(`capture: ${file}\n  ${packets} packets, ${sessions} sessions; best of ${runs} runs, each stage in a fresh process\n`);
  console.log(`${'stage (each includes those above)'.padEnd(78)} ${'seconds'.padStart(8)} ${'µs/pkt'.padStart(8)} ${'+µs/pkt'.padStart(8)}`);
  STAGES.forEach((name, s) => {
    const step = s === 0 ? best[0] : best[s] - best[s - 1];
    console.log(`${name.padEnd(78)} ${(best[s] / 1000).toFixed(2).padStart(8)} ${us(best[s]).toFixed(2).padStart(8)} ${us(step).toFixed(2).padStart(8)}`);
  });
  console.log('\npeers (whole process, startup included):');
  for (const [name, ms] of Object.entries(peers)) {
    console.log(`${name.padEnd(78)} ${Number.isFinite(ms) ? (ms / 1000).toFixed(2).padStart(8) : 'missing'.padStart(8)} ${Number.isFinite(ms) ? us(ms).toFixed(2).padStart(8) : ''}`);
  }
  console.log(`\n1.0 Mpps is 1.00 µs/pkt for everything; ndpiReader's rate is ${Number.isFinite(peers['ndpiReader -i']) ? us(peers['ndpiReader -i']).toFixed(2) : '?'} µs/pkt.`);
}

main().catch((err) => {
  console.error(`bench:stages: ${err instanceof Error ? err.message : String(err)}`);
  process.exitCode = 1;
});

// What the cores of this machine give ingest: one `weir import` with 1 worker, the same with N
// workers, and N independent 1-worker imports of the same capture started together (nothing
// shared, no coordination). The last is the most a split of one import's work across N packet
// threads can be expected to reach here: it does the same packet work plus its own coordination.
// Wall and CPU (user + system, all threads) come from bash's `time`, per process tree.
// Usage: npm run bench:cores [-- CAPTURE]   (default build/bench/bench.pcap; RUNS=3, WORKERS=2)
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { IMPORT_NODE_FLAGS, WEIR_BIN, benchCapture } from '../bench-capture.js';

interface Timing { wall: number; cpu: number }

/** One import into a fresh database. */
function importOnce(file: string, workers: number, dir: string, tag: string): Promise<Timing & { packets: number }> {
  const db = join(dir, `${tag}.duckdb`);
  rmSync(db, { force: true });
  rmSync(`${db}.wal`, { force: true });
  const script = 'TIMEFORMAT="%3R %3U %3S"; time "$@" > "$OUT" 2>&1';
  const args = [process.execPath, ...IMPORT_NODE_FLAGS, WEIR_BIN, 'import', '--quiet', '--workers', String(workers), '--db', db, file];
  const out = join(dir, `${tag}.out`);
  return new Promise((resolve, reject) => {
    const p = spawn('bash', ['-c', script, 'bash', ...args], { env: { ...process.env, OUT: out }, stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    p.stderr.on('data', (d: Buffer) => { err += d.toString(); });
    p.on('error', reject);
    p.on('exit', (code) => {
      const t = /([\d.]+) ([\d.]+) ([\d.]+)\s*$/.exec(err);
      if (code !== 0 || !t) {
        reject(new Error(`weir import --workers ${workers} failed (exit ${code}): ${err.trim().split('\n').slice(-3).join(' | ')}`));
        return;
      }
      const m = /imported 1 files, (\d+) packets/.exec(readFileSync(out, 'utf8'));
      if (!m) reject(new Error(`unexpected import output in ${out}`));
      else resolve({ wall: Number(t[1]), cpu: Number(t[2]) + Number(t[3]), packets: Number(m[1]) });
    });
  });
}

interface Row { name: string; wall: number; cpu: number; imports: number }

async function main(): Promise<void> {
  const file = benchCapture(process.argv[2]);
  const runs = Number(process.env.RUNS ?? 3);
  const n = Math.max(2, Number(process.env.WORKERS ?? 2));
  const dir = mkdtempSync(join(tmpdir(), 'weir-cores-'));
  const rows: Row[] = [
    { name: 'one import, 1 worker', wall: Infinity, cpu: 0, imports: 1 },
    { name: `one import, ${n} workers`, wall: Infinity, cpu: 0, imports: 1 },
    { name: `${n} independent imports side by side, 1 worker each`, wall: Infinity, cpu: 0, imports: n },
  ];
  let packets = 0;
  const keep = (row: Row, t: Timing) => {
    if (t.wall < row.wall) Object.assign(row, t);
  };
  const check = (p: number) => {
    if (packets && p !== packets) throw new Error(`an import read ${p} packets, another ${packets}`);
    packets = p;
  };
  try {
    // Rounds take the three set-ups in turn: this class of VM drifts by ±15 % within minutes.
    for (let round = 0; round < runs; round++) {
      const one = await importOnce(file, 1, dir, 'one');
      check(one.packets);
      keep(rows[0], one);
      const many = await importOnce(file, n, dir, 'many');
      check(many.packets);
      keep(rows[1], many);
      const side = await Promise.all(Array.from({ length: n }, (_, i) => importOnce(file, 1, dir, `side${i}`)));
      for (const s of side) check(s.packets);
      // The set finishes when its slowest import does; its CPU is all of them together.
      const pairWall = Math.max(...side.map((s) => s.wall));
      keep(rows[2], { wall: pairWall, cpu: side.reduce((a, s) => a + s.cpu, 0) });
      process.stderr.write(`round ${round + 1} of ${runs}: 1 worker ${one.wall.toFixed(2)} s, ${n} workers ${many.wall.toFixed(2)} s (${(one.wall / many.wall).toFixed(2)}×), ` +
        `${n} side by side ${pairWall.toFixed(2)} s (${((n * one.wall) / pairWall).toFixed(2)}×)\n`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const rate = (r: Row) => (r.imports * packets) / r.wall;
  const base = rate(rows[0]);
  console.log(`capture: ${file}\n  ${packets} packets each import; best of ${runs} rounds; CPU is user + system of every thread\n`);
  console.log(`${'set-up'.padEnd(56)} ${'wall s'.padStart(7)} ${'CPU s'.padStart(7)} ${'cores'.padStart(6)} ${'packets/s'.padStart(10)} ${'× 1 worker'.padStart(11)}`);
  for (const r of rows) {
    console.log(`${r.name.padEnd(56)} ${r.wall.toFixed(2).padStart(7)} ${r.cpu.toFixed(2).padStart(7)} ${(r.cpu / r.wall).toFixed(2).padStart(6)} ${Math.round(rate(r)).toLocaleString('en-US').padStart(10)} ${(rate(r) / base).toFixed(2).padStart(11)}`);
  }
  const ceiling = rate(rows[2]) / base;
  console.log(`\n${n} workers reach ${(rate(rows[1]) / base).toFixed(2)}× one worker; ${n} imports that share nothing reach ${ceiling.toFixed(2)}× ` +
    `(each pays its own startup, ${(rows[2].cpu / rows[0].cpu / n).toFixed(2)}× the CPU of one alone). ` +
    `A split of one import over ${n} packet threads does the same packet work plus its own coordination, so it cannot be expected to pass that on this machine.`);
}

main().catch((err) => {
  console.error(`bench:cores: ${err instanceof Error ? err.message : String(err)}`);
  process.exitCode = 1;
});

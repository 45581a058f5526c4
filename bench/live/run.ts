// Live capture throughput: tcpreplay sends a capture into a veth pair at increasing rates while
// `weir capture` listens on the other end (network namespaces made here). For each rate: packets
// sent, captured, dropped (kernel + queue), packets/s reached, and the capture process's CPU per
// Gbps. Peer: tcpdump capturing the same replay (writes to /dev/null), run in the same loop.
// Usage: node dist/bench/live/run.js [CAPTURE]   (default: build/bench/bench.pcap, else a
//        synthetic 200 MB capture); needs root, tcpreplay, tcpdump and the libpcap addon.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { liveMissing, makeVeth } from '../../test/helpers/netns.js';
import { writeBigCapture } from '../../test/helpers/big-capture.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const WEIR = join(root, 'bin', 'weir.js');
const TICKS = 100;

function cpuSeconds(pid: number): number {
  const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(f[11]) + Number(f[12])) / TICKS;
}

async function run(cmd: string, args: string[]): Promise<{ code: number | null; out: string }> {
  const p = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  p.stdout.on('data', (c) => (out += c));
  p.stderr.on('data', (c) => (out += c));
  const code = await new Promise<number | null>((r) => p.once('exit', r));
  return { code, out };
}

async function main(): Promise<void> {
  const missing = liveMissing();
  if (missing) throw new Error(`cannot run: ${missing}`);
  const work = mkdtempSync(join(tmpdir(), 'weir-live-bench-'));
  let cap = process.argv[2] ?? join(root, 'build', 'bench', 'bench.pcap');
  if (!existsSync(cap)) {
    cap = join(work, 'synthetic.pcap');
    await writeBigCapture(cap, 200 * 2 ** 20, 500);
  }
  const v = makeVeth('b');
  console.log(`live capture throughput, ${cap}`);
  console.log(`${'rate'.padEnd(12)} ${'tool'.padEnd(8)} ${'sent'.padStart(9)} ${'captured'.padStart(9)} ${'dropped'.padStart(8)} ${'kpps'.padStart(7)} ${'Mbps'.padStart(7)} ${'CPU s/Gbit'.padStart(10)}`);
  let best = '';
  try {
    for (const rate of [['--mbps', '100'], ['--mbps', '300'], ['--mbps', '600'], ['--mbps', '1000'], ['--topspeed']]) {
      for (const tool of ['weir', 'tcpdump'] as const) {
        const db = join(work, `${tool}-${rate.join('')}.duckdb`);
        const p = tool === 'weir'
          ? spawn('ip', ['netns', 'exec', v.ns, process.execPath, WEIR, 'capture', '-i', v.inner, '--db', db, '--dir', join(work, 'pcap'), '--node', 'bench', '--quiet', '--fsync', 'never'], { stdio: ['ignore', 'pipe', 'pipe'] })
          : spawn('ip', ['netns', 'exec', v.ns, 'tcpdump', '-i', v.inner, '-w', '/dev/null', '-B', '65536', '-q'], { stdio: ['ignore', 'pipe', 'pipe'] });
        let said = '', printed = '';
        p.stderr.on('data', (c) => (said += c));
        p.stdout.on('data', (c) => (printed += c));
        await new Promise<void>((r) => {
          const check = setInterval(() => {
            if (said.includes('capturing on') || said.includes('listening on')) {
              clearInterval(check);
              r();
            }
          }, 50);
        });
        const cpu0 = cpuSeconds(p.pid!);
        const t0 = Date.now();
        const sent = await run('tcpreplay', ['-i', v.outer, ...rate, cap]);
        const secs = (Date.now() - t0) / 1000;
        await new Promise((r) => setTimeout(r, 1500));
        const cpu = cpuSeconds(p.pid!) - cpu0;
        const exited = new Promise((r) => p.once('exit', r));
        p.kill(tool === 'weir' ? 'SIGTERM' : 'SIGINT');
        await exited;
        const nSent = Number(/Successful packets:\s+(\d+)/.exec(sent.out)?.[1] ?? 0);
        const bytes = Number(/Actual: \d+ packets \((\d+) bytes\)/.exec(sent.out)?.[1] ?? 0);
        let captured = 0, dropped = 0;
        if (tool === 'weir') {
          const o = JSON.parse(printed.trim().split('\n').pop()!);
          captured = o.packets;
          dropped = o.kernelDropped + o.queueDropped;
        } else {
          captured = Number(/(\d+) packets captured/.exec(said)?.[1] ?? 0);
          dropped = Number(/(\d+) packets dropped by kernel/.exec(said)?.[1] ?? 0);
        }
        const mbps = (bytes * 8) / secs / 1e6;
        console.log(`${rate.join(' ').padEnd(12)} ${tool.padEnd(8)} ${String(nSent).padStart(9)} ${String(captured).padStart(9)} ${String(dropped).padStart(8)} ${(captured / secs / 1e3).toFixed(0).padStart(7)} ${mbps.toFixed(0).padStart(7)} ${(cpu / ((bytes * 8) / 1e9)).toFixed(2).padStart(10)}`);
        if (tool === 'weir' && dropped === 0 && captured === nSent) best = `${rate.join(' ')} (${mbps.toFixed(0)} Mbps, ${(captured / secs / 1e3).toFixed(0)} kpps)`;
      }
    }
  } finally {
    v.remove();
    rmSync(work, { recursive: true, force: true });
  }
  console.log(`highest rate Weir captured with zero drops: ${best || 'none of those tried'}`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});

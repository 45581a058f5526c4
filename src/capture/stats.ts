// Every few seconds a capture node writes one stats record (with history) to the store: what the
// Stats page plots, /api/stats serves and /metrics exposes.
import { statfs } from 'node:fs/promises';
import type { NodeStats, ViewerStore } from '../store/store.js';
import type { CaptureNode } from './capture-node.js';

export class StatsRecorder {
  private last: { at: number; packets: number; bytes: number; sessions: number; cpu: NodeJS.CpuUsage } | null = null;
  latest: NodeStats | null = null;

  constructor(private readonly store: ViewerStore, private readonly node: CaptureNode, private readonly name: string, private readonly dir: string) {}

  async record(now = Date.now()): Promise<NodeStats> {
    const c = this.node.counters();
    const cpu = process.cpuUsage();
    const fs = await statfs(this.dir).catch(() => null);
    const prev = this.last;
    const secs = prev ? Math.max(0.001, (now - prev.at) / 1000) : 1;
    const rate = (a: number, b: number | undefined) => (prev ? (a - (b ?? 0)) / secs : 0);
    const s: NodeStats = {
      ts: now, node: this.name, packets: c.packets, bytes: c.bytes, kbSaved: Math.round(c.savedBytes / 1024), sessions: c.sessions,
      activeSessions: c.activeSessions, freeSpaceMb: fs ? Math.floor((fs.bavail * fs.bsize) / 2 ** 20) : 0, memory: process.memoryUsage().rss,
      cpu: prev ? Math.round(((cpu.user - prev.cpu.user + cpu.system - prev.cpu.system) / 1e3 / (secs * 1000)) * 1000) / 10 : 0,
      queueBytes: c.queueBytes, packetsPerSec: rate(c.packets, prev?.packets), bytesPerSec: rate(c.bytes, prev?.bytes),
      sessionsPerSec: rate(c.sessions, prev?.sessions), kernelDrops: c.kernelDropped, queueDrops: c.queueDropped,
    };
    this.last = { at: now, packets: c.packets, bytes: c.bytes, sessions: c.sessions, cpu };
    this.latest = s;
    await this.store.addNodeStats(s);
    return s;
  }
}

/** Prometheus text exposition of the newest stats of every node. */
export function prometheus(stats: NodeStats[]): string {
  const metrics: [keyof NodeStats, string, 'counter' | 'gauge', string][] = [
    ['packets', 'weir_packets_total', 'counter', 'Packets captured'],
    ['bytes', 'weir_bytes_total', 'counter', 'Packet bytes captured'],
    ['kbSaved', 'weir_saved_kilobytes_total', 'counter', 'Kilobytes written to capture files'],
    ['sessions', 'weir_sessions_total', 'counter', 'Sessions saved'],
    ['activeSessions', 'weir_active_sessions', 'gauge', 'Sessions open in the session table'],
    ['freeSpaceMb', 'weir_free_space_megabytes', 'gauge', 'Free space where capture files are written'],
    ['memory', 'weir_memory_bytes', 'gauge', 'Resident memory of the capture process'],
    ['cpu', 'weir_cpu_percent', 'gauge', 'CPU use of the capture process'],
    ['queueBytes', 'weir_write_queue_bytes', 'gauge', 'Packet bytes waiting for the disk and the session table'],
    ['packetsPerSec', 'weir_packets_per_second', 'gauge', 'Packets per second over the last interval'],
    ['bytesPerSec', 'weir_bytes_per_second', 'gauge', 'Bytes per second over the last interval'],
    ['sessionsPerSec', 'weir_sessions_per_second', 'gauge', 'Sessions saved per second over the last interval'],
    ['kernelDrops', 'weir_kernel_drops_total', 'counter', 'Packets the kernel or interface dropped'],
    ['queueDrops', 'weir_queue_drops_total', 'counter', 'Packets dropped because the write queue was full'],
  ];
  const esc = (v: string) => v.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
  const lines: string[] = [];
  for (const [key, name, type, help] of metrics) {
    lines.push(`# HELP ${name} ${help}`, `# TYPE ${name} ${type}`);
    for (const s of stats) lines.push(`${name}{node="${esc(s.node)}"} ${Number(s[key])}`);
  }
  return lines.join('\n') + '\n';
}

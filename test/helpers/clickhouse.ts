// Real clickhouse-server processes for tests: each on free ports with its own temporary data
// directory; several of them form a cluster (`remote_servers`) for a Distributed table.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const CLUSTER = 'weir_test';

export function clickHouseAvailable(): boolean {
  return spawnSync('sh', ['-c', 'command -v clickhouse-server'], { stdio: 'ignore' }).status === 0;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

interface Server {
  dir: string;
  http: number;
  tcp: number;
  proc: ChildProcess | null;
}

export interface ClickHouseCluster {
  /** The store URL (all shards, with cluster= when more than one). */
  url: string;
  servers: Server[];
  stop(i: number): Promise<void>;
  start(i: number): Promise<void>;
  close(): Promise<void>;
}

function config(s: Server, all: Server[]): string {
  const shards = all.map((x) => `<shard><replica><host>127.0.0.1</host><port>${x.tcp}</port></replica></shard>`).join('');
  return `<?xml version="1.0"?>
<yandex>
  <logger><level>warning</level><log>${s.dir}/server.log</log><errorlog>${s.dir}/error.log</errorlog></logger>
  <http_port>${s.http}</http_port>
  <tcp_port>${s.tcp}</tcp_port>
  <listen_host>127.0.0.1</listen_host>
  <path>${s.dir}/data/</path>
  <tmp_path>${s.dir}/tmp/</tmp_path>
  <user_files_path>${s.dir}/user_files/</user_files_path>
  <format_schema_path>${s.dir}/format_schemas/</format_schema_path>
  <mark_cache_size>268435456</mark_cache_size>
  <max_concurrent_queries>50</max_concurrent_queries>
  <users><default><password></password><networks><ip>127.0.0.1</ip></networks><profile>default</profile><quota>default</quota></default></users>
  <profiles><default><max_memory_usage>4000000000</max_memory_usage></default></profiles>
  <quotas><default></default></quotas>
  <remote_servers><${CLUSTER}>${shards}</${CLUSTER}></remote_servers>
</yandex>
`;
}

async function waitUp(s: Server, timeoutMs = 30_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    try {
      const r = await fetch(`http://127.0.0.1:${s.http}/ping`);
      if (r.ok) return;
    } catch {
      /* not listening yet */
    }
    if (s.proc?.exitCode !== null && s.proc?.exitCode !== undefined) throw new Error(`clickhouse-server exited (${s.proc.exitCode}); see ${s.dir}/error.log`);
    if (Date.now() > until) throw new Error(`clickhouse-server on port ${s.http} did not start; see ${s.dir}/error.log`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Starts `n` servers (one shard each); n > 1 makes a cluster and a URL naming it. */
export async function startClickHouse(n = 1, database = 'weir'): Promise<ClickHouseCluster> {
  const servers: Server[] = [];
  for (let i = 0; i < n; i++) {
    const dir = mkdtempSync(join(tmpdir(), 'weir-ch-'));
    servers.push({ dir, http: await freePort(), tcp: await freePort(), proc: null });
  }
  const start = async (i: number) => {
    const s = servers[i];
    mkdirSync(join(s.dir, 'data'), { recursive: true });
    writeFileSync(join(s.dir, 'config.xml'), config(s, servers));
    s.proc = spawn('clickhouse-server', [`--config-file=${join(s.dir, 'config.xml')}`], { cwd: s.dir, stdio: 'ignore' });
    await waitUp(s);
  };
  const stop = async (i: number) => {
    const p = servers[i].proc;
    servers[i].proc = null;
    if (!p || p.exitCode !== null) return;
    const exited = new Promise((r) => p.once('exit', r));
    p.kill('SIGKILL');
    await exited;
  };
  const cluster: ClickHouseCluster = {
    url: `clickhouse://${servers.map((s) => `127.0.0.1:${s.http}`).join(',')}/${database}${n > 1 ? `?cluster=${CLUSTER}` : ''}`,
    servers, start, stop,
    async close() {
      for (let i = 0; i < servers.length; i++) await stop(i);
      for (const s of servers) rmSync(s.dir, { recursive: true, force: true });
    },
  };
  try {
    for (let i = 0; i < n; i++) await start(i);
  } catch (e) {
    await cluster.close();
    throw e;
  }
  return cluster;
}

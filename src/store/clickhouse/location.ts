// Where a ClickHouse store lives: `clickhouse://[user[:password]@]host:port[,host:port...]/database`
// with options `cluster=<remote_servers name>` (sessions go through a Distributed table over the
// listed shards), `spool=<dir>` and `spoolMb=<n>` (where inserts wait while ClickHouse is away),
// `timeoutMs=<n>`, `batchRows=<n>` (sessions per insert, default 100000), `flushMs=<n>` (how
// long gathered sessions may wait for more before they are sent, default 5000). The first host also keeps the small tables (files, users, nodes, stats).
import type { Endpoint } from './client.js';

export interface ClickHouseLocation {
  shards: Endpoint[];
  cluster: string | null;
  spoolDir: string | null;
  spoolMaxBytes: number;
  timeoutMs: number;
  batchRows: number;
  flushMs: number;
  /** For messages: the URL without its password. */
  display: string;
}

export function isClickHouseUrl(s: string): boolean {
  return s.startsWith('clickhouse://');
}

export function parseClickHouseUrl(s: string): ClickHouseLocation {
  const m = /^clickhouse:\/\/(?:([^:@/]*)(?::([^@/]*))?@)?([^/?]+)(?:\/([A-Za-z0-9_]*))?(?:\?(.*))?$/.exec(s);
  if (!m) throw new Error(`bad ClickHouse store "${s}": expected clickhouse://[user[:password]@]host:port[,host:port]/database[?cluster=NAME&spool=DIR]`);
  const user = decodeURIComponent(m[1] || 'default');
  const password = m[2] !== undefined ? decodeURIComponent(m[2]) : process.env.WEIR_CLICKHOUSE_PASSWORD ?? '';
  const database = m[4] || 'weir';
  const shards = m[3].split(',').map((hp): Endpoint => {
    const at = hp.lastIndexOf(':');
    const port = at < 0 ? 8123 : Number(hp.slice(at + 1));
    if (!Number.isInteger(port) || port < 1 || port > 65535) throw new Error(`bad ClickHouse port in "${hp}"`);
    return { host: at < 0 ? hp : hp.slice(0, at).replace(/^\[|\]$/g, ''), port, database, user, password };
  });
  const opts = new URLSearchParams(m[5] ?? '');
  for (const k of opts.keys()) if (!['cluster', 'spool', 'spoolMb', 'timeoutMs', 'batchRows', 'flushMs'].includes(k)) throw new Error(`unknown ClickHouse store option "${k}" (cluster, spool, spoolMb, timeoutMs, batchRows, flushMs)`);
  const cluster = opts.get('cluster');
  if (shards.length > 1 && !cluster) throw new Error('several ClickHouse hosts need cluster=<name> (their remote_servers cluster)');
  const num = (k: string, d: number, min = 1) => {
    const v = opts.get(k);
    if (v === null) return d;
    const n = Number(v);
    if (!Number.isFinite(n) || n < min) throw new Error(`ClickHouse option ${k} needs a number >= ${min}`);
    return n;
  };
  return {
    shards, cluster, spoolDir: opts.get('spool'), spoolMaxBytes: num('spoolMb', 1024) * 1024 * 1024, timeoutMs: num('timeoutMs', 30_000), batchRows: Math.floor(num('batchRows', 100_000)), flushMs: num('flushMs', 5000, 0),
    display: `clickhouse://${m[3]}/${database}${cluster ? `?cluster=${cluster}` : ''}`,
  };
}

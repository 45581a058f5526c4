// Capture nodes' stats records (every few seconds) with their history, and file retention marks.
import type { DuckDBConnection } from '@duckdb/node-api';
import type { NodeInfo, NodeStats } from '../store.js';

export const NODE_STATS_SQL = [
  `CREATE TABLE IF NOT EXISTS node_stats (ts BIGINT, node VARCHAR, packets BIGINT, bytes BIGINT, kb_saved BIGINT, sessions BIGINT,
    active_sessions BIGINT, free_space_mb BIGINT, memory BIGINT, cpu DOUBLE, queue_bytes BIGINT, packets_per_sec DOUBLE,
    bytes_per_sec DOUBLE, sessions_per_sec DOUBLE, kernel_drops BIGINT, queue_drops BIGINT)`,
  `ALTER TABLE files ADD COLUMN IF NOT EXISTS locked BOOLEAN DEFAULT false`,
  `ALTER TABLE files ADD COLUMN IF NOT EXISTS deleted_at BIGINT`,
  `CREATE TABLE IF NOT EXISTS nodes (name VARCHAR PRIMARY KEY, url VARCHAR, version VARCHAR, started_at BIGINT, last_seen BIGINT, spool_bytes BIGINT)`,
];

export async function registerNode(conn: DuckDBConnection, n: NodeInfo): Promise<void> {
  await conn.run('INSERT OR REPLACE INTO nodes VALUES ($1, $2, $3, $4, $5, $6)', [n.name, n.url, n.version, n.startedAt, n.lastSeen, n.spoolBytes]);
}

export async function listNodes(conn: DuckDBConnection): Promise<NodeInfo[]> {
  return (await conn.runAndReadAll('SELECT * FROM nodes ORDER BY name')).getRowObjectsJS().map(toNodeInfo);
}

export function toNodeInfo(r: Record<string, unknown>): NodeInfo {
  return { name: String(r.name), url: String(r.url ?? ''), version: String(r.version ?? ''), startedAt: Number(r.started_at ?? 0), lastSeen: Number(r.last_seen ?? 0), spoolBytes: Number(r.spool_bytes ?? 0) };
}

const COLS = ['ts', 'node', 'packets', 'bytes', 'kb_saved', 'sessions', 'active_sessions', 'free_space_mb', 'memory', 'cpu', 'queue_bytes', 'packets_per_sec', 'bytes_per_sec', 'sessions_per_sec', 'kernel_drops', 'queue_drops'] as const;
const KEYS: (keyof NodeStats)[] = ['ts', 'node', 'packets', 'bytes', 'kbSaved', 'sessions', 'activeSessions', 'freeSpaceMb', 'memory', 'cpu', 'queueBytes', 'packetsPerSec', 'bytesPerSec', 'sessionsPerSec', 'kernelDrops', 'queueDrops'];

export async function addNodeStats(conn: DuckDBConnection, s: NodeStats): Promise<void> {
  await conn.run(`INSERT INTO node_stats VALUES (${COLS.map((_, i) => `$${i + 1}`).join(', ')})`, KEYS.map((k) => s[k]) as never);
}

function toStats(r: Record<string, unknown>): NodeStats {
  const out: Record<string, unknown> = {};
  COLS.forEach((c, i) => (out[KEYS[i]] = c === 'node' ? String(r[c]) : Number(r[c] ?? 0)));
  return out as unknown as NodeStats;
}

/** The newest record of every node. */
export async function latestNodeStats(conn: DuckDBConnection): Promise<NodeStats[]> {
  const rows = (await conn.runAndReadAll(`SELECT * FROM node_stats QUALIFY row_number() OVER (PARTITION BY node ORDER BY ts DESC) = 1 ORDER BY node`)).getRowObjectsJS();
  return rows.map(toStats);
}

export async function nodeStatsHistory(conn: DuckDBConnection, node: string, sinceMs: number): Promise<NodeStats[]> {
  const rows = (await conn.runAndReadAll(`SELECT * FROM node_stats WHERE node = $1 AND ts >= $2 ORDER BY ts`, [node, sinceMs])).getRowObjectsJS();
  return rows.map(toStats);
}

export async function setFileLocked(conn: DuckDBConnection, id: number, locked: boolean): Promise<boolean> {
  return (await conn.runAndReadAll('UPDATE files SET locked = $2 WHERE id = $1 RETURNING id', [id, locked])).getRowsJS().length > 0;
}

export async function markFileDeleted(conn: DuckDBConnection, id: number, at: number): Promise<void> {
  await conn.run('UPDATE files SET deleted_at = $2 WHERE id = $1', [id, at]);
}

/** Deletes sessions whose last packet is older than `beforeMs` (metadata retention). */
export async function deleteSessionsBefore(conn: DuckDBConnection, protocolTables: string[], beforeMs: number): Promise<number> {
  const old = `SELECT id FROM sessions WHERE last_packet < $1`;
  for (const t of protocolTables) await conn.run(`DELETE FROM "${t}" WHERE session_id IN (${old})`, [beforeMs]);
  return (await conn.runAndReadAll(`DELETE FROM sessions WHERE last_packet < $1 RETURNING id`, [beforeMs])).getRowsJS().length;
}

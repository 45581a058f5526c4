// The small tables on the first ClickHouse host: files, users, shortcuts, history, node stats and
// the node registry. Changes are new row versions (ReplacingMergeTree); reads go through FINAL in
// a subquery, so that the filters apply to the newest version only.
import type { ClickHouseClient } from './client.js';
import type { FileEntry, NodeInfo, NodeStats } from '../store.js';
import { toNodeInfo } from '../duckdb/node-stats.js';
import type { HistoryEntry, Shortcut } from '../search.js';
import type { UserRow } from '../duckdb/meta.js';

let versionCounter = 0;
/** Row versions: later writes win, also within one millisecond. */
export const nextVersion = (): number => Date.now() * 1000 + (versionCounter = (versionCounter + 1) % 1000);

const latest = (table: string, where = '1') => `(SELECT * FROM ${table} FINAL) WHERE ${where}`;
const line = (o: Record<string, unknown>) => JSON.stringify(o);

/** A file's row (ClickHouseStore sends it, or spools it while ClickHouse is away). */
export function fileRow(f: FileEntry): string {
  return line({
    id: f.id, node: f.node, path: f.path, format: f.format, compression: f.compression, linktypes: f.linktypes, first_packet: f.firstPacket,
    last_packet: f.lastPacket, size: f.size, packets: f.packets, sha256: f.sha256, fingerprint: f.fingerprint, imported_at: f.importedAt,
    error: f.error, locked: f.locked ? 1 : 0, deleted_at: f.deletedAt ?? null, version: nextVersion(),
  });
}

export async function putFile(c: ClickHouseClient, f: FileEntry): Promise<void> {
  await c.insert('files', fileRow(f));
}

export function toFileEntry(r: Record<string, unknown>): FileEntry {
  const n = (v: unknown) => (v === null || v === undefined ? null : Number(v));
  return {
    id: Number(r.id), node: String(r.node), path: String(r.path), format: String(r.format), compression: String(r.compression),
    linktypes: ((r.linktypes as unknown[]) ?? []).map(Number), firstPacket: n(r.first_packet), lastPacket: n(r.last_packet),
    size: Number(r.size), packets: Number(r.packets), sha256: (r.sha256 as string | null) ?? null, fingerprint: String(r.fingerprint),
    importedAt: Number(r.imported_at), error: (r.error as string | null) ?? null, locked: Boolean(r.locked), deletedAt: n(r.deleted_at),
  };
}

export async function files(c: ClickHouseClient, where = '1', params: (string | number)[] = []): Promise<FileEntry[]> {
  return (await c.rows(`SELECT * FROM ${latest('files', where)} ORDER BY id`, params)).map(toFileEntry);
}

export async function getUser(c: ClickHouseClient, id: string): Promise<UserRow | null> {
  const r = (await c.rows(`SELECT * FROM ${latest('users', 'id = @@p1@@ AND deleted = 0')}`, [id]))[0];
  return r ? { id: String(r.id), passwordHash: String(r.password_hash), roles: r.roles as string[], expression: (r.expression as string | null) ?? null, createdAt: Number(r.created_at) } : null;
}

export async function listUsers(c: ClickHouseClient): Promise<Omit<UserRow, 'passwordHash'>[]> {
  return (await c.rows(`SELECT id, roles, expression, created_at FROM ${latest('users', 'deleted = 0')} ORDER BY id`))
    .map((r) => ({ id: String(r.id), roles: r.roles as string[], expression: (r.expression as string | null) ?? null, createdAt: Number(r.created_at) }));
}

export async function putUser(c: ClickHouseClient, u: UserRow, deleted = false): Promise<void> {
  await c.insert('users', line({ id: u.id, password_hash: u.passwordHash, roles: u.roles, expression: u.expression, created_at: u.createdAt, deleted: deleted ? 1 : 0, version: nextVersion() }));
}

export async function removeUser(c: ClickHouseClient, id: string): Promise<boolean> {
  const u = await getUser(c, id);
  if (u) await putUser(c, u, true);
  return Boolean(u);
}

function toShortcut(r: Record<string, unknown>): Shortcut {
  return { id: Number(r.id), name: String(r.name), type: r.type as Shortcut['type'], values: r.values as string[], description: String(r.description), userId: String(r.user_id), createdAt: Number(r.created_at) };
}

export async function listShortcuts(c: ClickHouseClient, where = 'deleted = 0', params: (string | number | string[])[] = []): Promise<Shortcut[]> {
  return (await c.rows(`SELECT * FROM ${latest('shortcuts', where)} ORDER BY name`, params)).map(toShortcut);
}

export async function putShortcut(c: ClickHouseClient, s: Shortcut, deleted = false): Promise<void> {
  await c.insert('shortcuts', line({ id: s.id, name: s.name, type: s.type, values: s.values, description: s.description, user_id: s.userId, created_at: s.createdAt, deleted: deleted ? 1 : 0, version: nextVersion() }));
}

export async function createShortcut(c: ClickHouseClient, s: Omit<Shortcut, 'id' | 'createdAt'>): Promise<Shortcut> {
  // Shortcut names are unique, as in the embedded store (whose constraint raises this).
  if ((await listShortcuts(c, 'deleted = 0 AND name = @@p1@@', [s.name])).length) throw new Error(`Constraint Error: Duplicate key "name: ${s.name}" violates unique constraint`);
  const id = Number((await c.rows('SELECT max(id) AS m FROM shortcuts'))[0]?.m ?? 0) + 1;
  const out: Shortcut = { ...s, id, createdAt: Date.now() };
  await putShortcut(c, out);
  return out;
}

export async function addHistory(c: ClickHouseClient, h: HistoryEntry): Promise<void> {
  await c.insert('history', line({ ts: h.ts, user_id: h.userId, route: h.route, expression: h.expression, query: h.query, records: h.records }));
}

export async function listHistory(c: ClickHouseClient, limit: number): Promise<HistoryEntry[]> {
  return (await c.rows(`SELECT * FROM history ORDER BY ts DESC LIMIT ${Math.max(0, Math.floor(limit))}`)).map((r) => ({
    ts: Number(r.ts), userId: String(r.user_id), route: String(r.route), expression: (r.expression as string | null) ?? null, query: String(r.query), records: r.records === null ? null : Number(r.records),
  }));
}

const STATS_COLS: [keyof NodeStats, string][] = [['ts', 'ts'], ['node', 'node'], ['packets', 'packets'], ['bytes', 'bytes'], ['kbSaved', 'kb_saved'], ['sessions', 'sessions'],
  ['activeSessions', 'active_sessions'], ['freeSpaceMb', 'free_space_mb'], ['memory', 'memory'], ['cpu', 'cpu'], ['queueBytes', 'queue_bytes'], ['packetsPerSec', 'packets_per_sec'],
  ['bytesPerSec', 'bytes_per_sec'], ['sessionsPerSec', 'sessions_per_sec'], ['kernelDrops', 'kernel_drops'], ['queueDrops', 'queue_drops']];

export async function addNodeStats(c: ClickHouseClient, s: NodeStats): Promise<void> {
  const row: Record<string, unknown> = {};
  for (const [k, col] of STATS_COLS) row[col] = k === 'node' ? s[k] : k === 'cpu' || k.endsWith('PerSec') ? Number(s[k]) : Math.round(Number(s[k]));
  await c.insert('node_stats', line(row));
}

function toStats(r: Record<string, unknown>): NodeStats {
  const out: Record<string, unknown> = {};
  for (const [k, col] of STATS_COLS) out[k] = k === 'node' ? String(r[col]) : Number(r[col]);
  return out as unknown as NodeStats;
}

export async function latestNodeStats(c: ClickHouseClient): Promise<NodeStats[]> {
  return (await c.rows('SELECT * FROM node_stats ORDER BY node, ts DESC LIMIT 1 BY node')).map(toStats);
}

export async function nodeStatsHistory(c: ClickHouseClient, node: string, sinceMs: number): Promise<NodeStats[]> {
  return (await c.rows('SELECT * FROM node_stats WHERE node = @@p1@@ AND ts >= @@p2@@ ORDER BY ts', [node, sinceMs])).map(toStats);
}

export async function registerNode(c: ClickHouseClient, n: NodeInfo): Promise<void> {
  await c.insert('nodes', line({ name: n.name, url: n.url, version: n.version, started_at: n.startedAt, last_seen: n.lastSeen, spool_bytes: n.spoolBytes, version_row: nextVersion() }));
}

export async function listNodes(c: ClickHouseClient): Promise<NodeInfo[]> {
  return (await c.rows('SELECT * FROM nodes FINAL ORDER BY name')).map(toNodeInfo);
}

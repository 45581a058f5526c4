// The viewer's own tables beside the sessions: shortcuts, users, the query history, and the
// tags table's writes.
import type { DuckDBConnection } from '@duckdb/node-api';
import type { HistoryEntry, Search, Shortcut } from '../search.js';
import { SearchSql, type SqlEngine } from '../sql/search.js';
import { F } from '../../fields/catalogue.js';

export const META_SQL = [
  `CREATE SEQUENCE IF NOT EXISTS shortcut_ids START 1`,
  `CREATE TABLE IF NOT EXISTS shortcuts (id INTEGER PRIMARY KEY DEFAULT nextval('shortcut_ids'), name VARCHAR UNIQUE NOT NULL,
    type VARCHAR NOT NULL, "values" VARCHAR[] NOT NULL, description VARCHAR, user_id VARCHAR, created_at BIGINT)`,
  `CREATE TABLE IF NOT EXISTS users (id VARCHAR PRIMARY KEY, password_hash VARCHAR NOT NULL, roles VARCHAR[] NOT NULL,
    expression VARCHAR, created_at BIGINT)`,
  `CREATE TABLE IF NOT EXISTS history (ts BIGINT, user_id VARCHAR, route VARCHAR, expression VARCHAR, query VARCHAR, records BIGINT)`,
];

export interface UserRow {
  id: string;
  passwordHash: string;
  roles: string[];
  expression: string | null;
  createdAt: number;
}

const rows = async (conn: DuckDBConnection, sql: string, params: unknown[] = []) => (await conn.runAndReadAll(sql, params as never)).getRowObjectsJS();

function toShortcut(r: Record<string, unknown>): Shortcut {
  return { id: Number(r.id), name: String(r.name), type: r.type as Shortcut['type'], values: (r.values as string[]) ?? [], description: String(r.description ?? ''), userId: String(r.user_id ?? ''), createdAt: Number(r.created_at ?? 0) };
}

export async function listShortcuts(conn: DuckDBConnection): Promise<Shortcut[]> {
  return (await rows(conn, 'SELECT * FROM shortcuts ORDER BY name')).map(toShortcut);
}

export async function shortcutValues(conn: DuckDBConnection, names: string[]): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>();
  if (!names.length) return out;
  for (const r of await rows(conn, `SELECT name, "values" FROM shortcuts WHERE name IN (SELECT unnest($1::JSON::VARCHAR[]))`, [JSON.stringify(names)])) out.set(String(r.name), r.values as string[]);
  return out;
}

export async function createShortcut(conn: DuckDBConnection, s: Omit<Shortcut, 'id' | 'createdAt'>): Promise<Shortcut> {
  const r = await rows(conn, `INSERT INTO shortcuts (name, type, "values", description, user_id, created_at) VALUES ($1, $2, $3::JSON::VARCHAR[], $4, $5, $6) RETURNING *`,
    [s.name, s.type, JSON.stringify(s.values), s.description, s.userId, Date.now()]);
  return toShortcut(r[0]);
}

export async function updateShortcut(conn: DuckDBConnection, id: number, s: Omit<Shortcut, 'id' | 'createdAt' | 'userId'>): Promise<Shortcut | null> {
  const r = await rows(conn, `UPDATE shortcuts SET name = $2, type = $3, "values" = $4::JSON::VARCHAR[], description = $5 WHERE id = $1 RETURNING *`,
    [id, s.name, s.type, JSON.stringify(s.values), s.description]);
  return r.length ? toShortcut(r[0]) : null;
}

export async function deleteShortcut(conn: DuckDBConnection, id: number): Promise<boolean> {
  return (await rows(conn, 'DELETE FROM shortcuts WHERE id = $1 RETURNING id', [id])).length > 0;
}

/** Adds (or removes) tags on every session the search matches; returns how many sessions matched. */
export async function changeTags(conn: DuckDBConnection, e: SqlEngine, s: Search, tags: string[], add: boolean): Promise<number> {
  const q = new SearchSql(e);
  const where = q.where(s);
  const id = q.ref(F.id);
  const matching = `SELECT ${id} AS id${q.from()}${where}`;
  const list = '$1::JSON::VARCHAR[]';
  await conn.run('BEGIN TRANSACTION');
  try {
    await conn.run(`CREATE OR REPLACE TEMP TABLE tag_targets AS ${matching}`, q.params as never);
    const n = Number((await rows(conn, 'SELECT count(*) AS n FROM tag_targets'))[0].n);
    const params = [JSON.stringify(tags)];
    if (add) {
      await conn.run(`INSERT INTO sessions_tags SELECT id, []::VARCHAR[] FROM tag_targets WHERE id NOT IN (SELECT session_id FROM sessions_tags)`);
      await conn.run(`UPDATE sessions_tags SET tags = list_distinct(list_concat(coalesce(tags, []), ${list})) WHERE session_id IN (SELECT id FROM tag_targets)`, params);
    } else {
      await conn.run(`UPDATE sessions_tags SET tags = list_filter(tags, lambda __t: NOT list_contains(${list}, __t)) WHERE session_id IN (SELECT id FROM tag_targets)`, params);
      await conn.run(`UPDATE sessions_tags SET tags = NULL WHERE len(tags) = 0`);
    }
    await conn.run('DROP TABLE tag_targets');
    await conn.run('COMMIT');
    return n;
  } catch (e) {
    await conn.run('ROLLBACK');
    throw e;
  }
}

export async function getUser(conn: DuckDBConnection, id: string): Promise<UserRow | null> {
  const r = await rows(conn, 'SELECT * FROM users WHERE id = $1', [id]);
  return r.length ? { id: String(r[0].id), passwordHash: String(r[0].password_hash), roles: r[0].roles as string[], expression: (r[0].expression as string) ?? null, createdAt: Number(r[0].created_at) } : null;
}

export async function listUsers(conn: DuckDBConnection): Promise<Omit<UserRow, 'passwordHash'>[]> {
  return (await rows(conn, 'SELECT id, roles, expression, created_at FROM users ORDER BY id')).map((r) => ({ id: String(r.id), roles: r.roles as string[], expression: (r.expression as string) ?? null, createdAt: Number(r.created_at) }));
}

export async function putUser(conn: DuckDBConnection, u: UserRow): Promise<void> {
  await conn.run('INSERT OR REPLACE INTO users VALUES ($1, $2, $3::JSON::VARCHAR[], $4, $5)', [u.id, u.passwordHash, JSON.stringify(u.roles), u.expression, u.createdAt]);
}

export async function removeUser(conn: DuckDBConnection, id: string): Promise<boolean> {
  return (await rows(conn, 'DELETE FROM users WHERE id = $1 RETURNING id', [id])).length > 0;
}

export async function addHistory(conn: DuckDBConnection, h: HistoryEntry): Promise<void> {
  await conn.run('INSERT INTO history VALUES ($1, $2, $3, $4, $5, $6)', [h.ts, h.userId, h.route, h.expression, h.query, h.records]);
}

export async function listHistory(conn: DuckDBConnection, limit: number): Promise<HistoryEntry[]> {
  return (await rows(conn, `SELECT * FROM history ORDER BY ts DESC LIMIT ${Math.max(0, Math.floor(limit))}`)).map((r) => ({
    ts: Number(r.ts), userId: String(r.user_id), route: String(r.route), expression: (r.expression as string) ?? null, query: String(r.query), records: r.records === null ? null : Number(r.records),
  }));
}

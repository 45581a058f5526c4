// ClickHouse schema derived from the field catalogue: one wide `sessions` table (ClickHouse keeps
// each column apart and compresses empty ones to almost nothing, and 18.16 cannot join several
// tables in one query), partitioned by day and ordered for time-range scans. With
// a cluster, each shard holds `sessions_local` and every shard has the `sessions` Distributed
// table over them. The small tables (files, users, ...) live on the first host only.
import { allFields, F } from '../../fields/catalogue.js';
import type { FieldDef } from '../../fields/types.js';
import { quoteIdent, type SessionTable } from '../sql/search.js';
import type { ClickHouseClient } from './client.js';
import type { ClickHouseLocation } from './location.js';

export function chTables(): SessionTable[] {
  return [{ name: 'sessions', fields: allFields().filter((f) => !f.countOf), core: true }];
}

/** Sort and partition keys cannot be Nullable; these fields every session has. */
const KEY_FIELDS = (): FieldDef[] => [F.id, F.firstPacket, F.lastPacket];

export function chType(f: FieldDef): string {
  if (f.packed) return f.packed === 'f64' ? 'Array(Float64)' : 'Array(Int32)';
  const base = f.kind === 'integer' || f.kind === 'date' ? 'Int64' : f.kind === 'boolean' ? 'UInt8' : 'String';
  if (f.multi) return `Array(${base})`;
  return KEY_FIELDS().includes(f) ? base : `Nullable(${base})`;
}

/** The insert batch a row came with: replays after an unknown outcome look their rows up by it. */
export const BATCH_COLUMN = '_batch';

function sessionColumns(): string[] {
  return [...chTables()[0].fields.map((f) => `${quoteIdent(f.column)} ${chType(f)}`), `${BATCH_COLUMN} String`];
}

/**
 * Partitions by the day of the last packet, ordered by first packet: searches bound sessions by
 * their last packet by default (Arkime's `bounding=last`), which prunes whole days through each
 * part's min/max of the partition key, and by first packet through the sort key (pages, and the
 * implied `first <= stop`).
 */
function sessionsMergeTree(name: string): string {
  const fp = quoteIdent(F.firstPacket.column);
  return `CREATE TABLE IF NOT EXISTS ${name} (${sessionColumns().join(', ')}) ENGINE = MergeTree ` +
    `PARTITION BY toYYYYMMDD(toDateTime(intDiv(${quoteIdent(F.lastPacket.column)}, 1000))) ORDER BY (${fp}, ${quoteIdent(F.id.column)})`;
}

/** Mutable small tables keep versions (ReplacingMergeTree) and are read through FINAL. */
const META_DDL = [
  `CREATE TABLE IF NOT EXISTS files (id Int64, node String, path String, format String, compression String, linktypes Array(Int32),
    first_packet Nullable(Int64), last_packet Nullable(Int64), size Int64, packets Int64, sha256 Nullable(String), fingerprint String,
    imported_at Int64, error Nullable(String), locked UInt8, deleted_at Nullable(Int64), version UInt64) ENGINE = ReplacingMergeTree(version) ORDER BY id`,
  `CREATE TABLE IF NOT EXISTS users (id String, password_hash String, roles Array(String), expression Nullable(String), created_at Int64,
    deleted UInt8, version UInt64) ENGINE = ReplacingMergeTree(version) ORDER BY id`,
  `CREATE TABLE IF NOT EXISTS shortcuts (id Int64, name String, type String, values Array(String), description String, user_id String,
    created_at Int64, deleted UInt8, version UInt64) ENGINE = ReplacingMergeTree(version) ORDER BY id`,
  `CREATE TABLE IF NOT EXISTS history (ts Int64, user_id String, route String, expression Nullable(String), query String, records Nullable(Int64))
    ENGINE = MergeTree ORDER BY ts`,
  `CREATE TABLE IF NOT EXISTS node_stats (ts Int64, node String, packets Int64, bytes Int64, kb_saved Int64, sessions Int64, active_sessions Int64,
    free_space_mb Int64, memory Int64, cpu Float64, queue_bytes Int64, packets_per_sec Float64, bytes_per_sec Float64, sessions_per_sec Float64,
    kernel_drops Int64, queue_drops Int64) ENGINE = MergeTree ORDER BY (node, ts)`,
  `CREATE TABLE IF NOT EXISTS nodes (name String, url String, version String, started_at Int64, last_seen Int64, spool_bytes Int64,
    version_row UInt64) ENGINE = ReplacingMergeTree(version_row) ORDER BY name`,
];

/** The table sessions are inserted into and read from, and the tables that hold its rows (per shard). */
export function sessionTableNames(loc: ClickHouseLocation): { read: string; local: string } {
  return { read: 'sessions', local: loc.cluster ? 'sessions_local' : 'sessions' };
}

export interface SchemaChange {
  host: string;
  sql: string;
}

/**
 * Creates what is missing and adds columns for catalogue fields an older schema lacks (`weir db
 * init` and `upgrade` both run this; it is idempotent). Returns the statements that changed
 * something, per host.
 */
export async function applySchema(shards: ClickHouseClient[], loc: ClickHouseLocation): Promise<SchemaChange[]> {
  const changes: SchemaChange[] = [];
  const db = loc.shards[0].database;
  const names = sessionTableNames(loc);
  for (const [i, c] of shards.entries()) {
    const run = async (sql: string, what: string) => {
      await c.exec(sql, [], {}, 'default');
      changes.push({ host: c.label, sql: what });
    };
    const tables = new Set((await c.rows(`SELECT name FROM system.tables WHERE database = @@p1@@`, [db], {}, 'default')).map((r) => String(r.name)));
    if (!(await c.rows(`SELECT name FROM system.databases WHERE name = @@p1@@`, [db], {}, 'default')).length) await run(`CREATE DATABASE IF NOT EXISTS ${quoteIdent(db)}`, `create database ${db}`);
    if (!tables.has(names.local)) await run(sessionsMergeTree(`${quoteIdent(db)}.${names.local}`), `create table ${names.local}`);
    else await addMissingColumns(c, db, names.local, run);
    if (loc.cluster) {
      const dist = `${quoteIdent(db)}.${names.read}`;
      if (!tables.has(names.read)) {
        await run(`CREATE TABLE IF NOT EXISTS ${dist} AS ${quoteIdent(db)}.${names.local} ENGINE = Distributed(${quoteIdent(loc.cluster)}, ${quoteIdent(db)}, ${names.local}, cityHash64(${quoteIdent(F.id.column)}))`, `create table ${names.read} (Distributed over ${loc.cluster})`);
      } else await addMissingColumns(c, db, names.read, run);
    }
    if (i === 0) {
      for (const ddl of META_DDL) {
        const name = /CREATE TABLE IF NOT EXISTS (\w+)/.exec(ddl)![1];
        if (!tables.has(name)) await run(ddl.replace(name, `${quoteIdent(db)}.${name}`), `create table ${name}`);
      }
    }
  }
  return changes;
}

async function addMissingColumns(c: ClickHouseClient, db: string, table: string, run: (sql: string, what: string) => Promise<void>): Promise<void> {
  const have = new Set((await c.rows(`SELECT name FROM system.columns WHERE database = @@p1@@ AND table = @@p2@@`, [db, table], {}, 'default')).map((r) => String(r.name)));
  for (const f of chTables()[0].fields) {
    if (!have.has(f.column)) await run(`ALTER TABLE ${quoteIdent(db)}.${table} ADD COLUMN ${quoteIdent(f.column)} ${chType(f)}`, `${table}: add column ${f.column} (${f.exp})`);
  }
}

// The embedded store: one DuckDB file, owned read-write by one process at a time.
import { readFileSync } from 'node:fs';
import { DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import { SessionWriter } from './session-writer.js';
import type { EncodedRows } from './row-encoder.js';
import type { TableLayout } from './shapes.js';
import { allFields, fieldByName } from '../../fields/catalogue.js';
import { type SessionDoc, type SessionRecord } from '../../session/record.js';
import * as search from '../sql/search.js';
import { duckEngine } from './engine.js';
import * as meta from './meta.js';
import { META_SQL } from './meta.js';
import * as nodeStats from './node-stats.js';
import { NODE_STATS_SQL } from './node-stats.js';
import type { Search, Page, Shortcut, HistoryEntry } from '../search.js';
import { StoreLockedError, type FileEntry, type NodeInfo, type NodeStats, type SessionQuery, type ViewerStore } from '../store.js';
import { CREATE_FILES_SQL, createTableSql, quoteIdent, sessionTables, sqlType, tableColumns } from './schema.js';
import type { FieldDef } from '../../fields/types.js';

export class DuckDbStore implements ViewerStore {
  private readonly tables = sessionTables();
  /** Null for a read-only store. */
  private writer: SessionWriter | null = null;

  private constructor(private readonly instance: DuckDBInstance, private readonly conn: DuckDBConnection, readonly path: string) {}

  static async open(path: string, opts: { readOnly?: boolean } = {}): Promise<DuckDbStore> {
    let instance: DuckDBInstance;
    try {
      instance = await DuckDBInstance.create(path, opts.readOnly ? { access_mode: 'READ_ONLY' } : {});
    } catch (e) {
      throw describeOpenError(path, e);
    }
    const conn = await instance.connect();
    const store = new DuckDbStore(instance, conn, path);
    if (!opts.readOnly) {
      store.writer = SessionWriter.create(store.tables, await store.migrate(), conn);
    }
    return store;
  }

  /** Creates tables, and adds columns for catalogue fields that an older database lacks; returns every table's columns after. */
  private async migrate(): Promise<Map<string, string[]>> {
    await this.conn.run(CREATE_FILES_SQL);
    for (const sql of [...META_SQL, ...NODE_STATS_SQL]) await this.conn.run(sql);
    const columns = await tableColumns(this.conn);
    let changed = false;
    for (const t of this.tables) {
      const existing = columns.get(t.name);
      if (!existing) {
        await this.conn.run(createTableSql(t));
        changed = true;
        continue;
      }
      const have = new Set(existing);
      for (const f of t.fields) {
        if (have.has(f.column)) continue;
        await this.conn.run(`ALTER TABLE ${quoteIdent(t.name)} ADD COLUMN ${quoteIdent(f.column)} ${sqlType(f)}`);
        changed = true;
      }
    }
    // The catalogue is read again only if this changed it.
    return changed ? tableColumns(this.conn) : columns;
  }

  /** One database, one writer: ids need no per-node ranges here. */
  async nextFileId(_node: string): Promise<number> {
    const r = await this.conn.runAndReadAll('SELECT coalesce(max(id), 0) + 1 FROM files');
    return Number(r.getRowsJS()[0][0]);
  }

  async findFile(node: string, fingerprint: string): Promise<FileEntry | null> {
    const r = await this.conn.runAndReadAll('SELECT * FROM files WHERE node = $1 AND fingerprint = $2 LIMIT 1', [node, fingerprint]);
    const rows = r.getRowObjectsJS();
    return rows.length ? toFileEntry(rows[0]) : null;
  }

  async getFile(id: number): Promise<FileEntry | null> {
    const r = await this.conn.runAndReadAll('SELECT * FROM files WHERE id = $1', [id]);
    const rows = r.getRowObjectsJS();
    return rows.length ? toFileEntry(rows[0]) : null;
  }

  async listFiles(): Promise<FileEntry[]> {
    const r = await this.conn.runAndReadAll('SELECT * FROM files ORDER BY id');
    return r.getRowObjectsJS().map(toFileEntry);
  }

  async registerFile(f: FileEntry): Promise<void> {
    // An update keeps what others set meanwhile (an evidence lock, a retention mark).
    const cols = ['id', 'node', 'path', 'format', 'compression', 'linktypes', 'first_packet', 'last_packet', 'size', 'packets', 'sha256', 'fingerprint', 'imported_at', 'error'];
    await this.conn.run(
      `INSERT INTO files (${cols.join(', ')}) VALUES ($1, $2, $3, $4, $5, ${listLiteral(f.linktypes)}, $6, $7, $8, $9, $10, $11, $12, $13)
       ON CONFLICT (id) DO UPDATE SET ${cols.slice(1).map((c) => `${c} = excluded.${c}`).join(', ')}`,
      [f.id, f.node, f.path, f.format, f.compression, f.firstPacket, f.lastPacket, f.size, f.packets, f.sha256, f.fingerprint, f.importedAt, f.error],
    );
  }

  async completeFile(f: FileEntry): Promise<void> {
    await this.registerFile(f);
  }

  async removeSessionsOfFile(fileId: number): Promise<void> {
    await this.flush();
    const ofFile = `SELECT id FROM sessions WHERE list_contains(${quoteIdent(fieldByName('fileId')!.column)}, $1)`;
    for (const t of this.tables) if (!t.core) await this.conn.run(`DELETE FROM ${quoteIdent(t.name)} WHERE session_id IN (${ofFile})`, [fileId]);
    await this.conn.run(`DELETE FROM sessions WHERE id IN (${ofFile})`, [fileId]);
  }

  async appendSessions(records: SessionRecord[]): Promise<void> {
    await this.writable().append(records);
  }

  /** Rows encoded by packet workers in this store's layout (`rowLayout`). */
  async appendEncoded(e: EncodedRows): Promise<void> {
    await this.writable().appendEncoded(e);
  }

  rowLayout(): TableLayout[] {
    return this.writable().layout;
  }

  private writable(): SessionWriter {
    if (!this.writer) throw new Error('the store is open read-only');
    return this.writer;
  }

  async flush(): Promise<void> {
    await this.writer?.flush();
  }

  async *querySessions(q: SessionQuery): AsyncGenerator<SessionDoc> {
    await this.flush();
    const fields = q.fields ?? allFields().map((f) => f.exp);
    yield* search.streamSessions(duckEngine(this.conn, this.tables), q, fields, q.limit);
  }

  /**
   * Viewer queries each run on a connection of their own, so that requests in flight (a streamed
   * export and a search) do not share one; pending ingest rows are flushed first.
   */
  private async conn2<T>(fn: (c: DuckDBConnection) => Promise<T>): Promise<T> {
    await this.flush();
    const c = await this.instance.connect();
    try {
      return await fn(c);
    } finally {
      c.closeSync();
    }
  }

  private async *connStream<T>(fn: (c: DuckDBConnection) => AsyncGenerator<T>): AsyncGenerator<T> {
    await this.flush();
    const c = await this.instance.connect();
    try {
      yield* fn(c);
    } finally {
      c.closeSync();
    }
  }

  searchPage(s: Search, page: Page) { return this.conn2((c) => search.searchPage(duckEngine(c, this.tables), s, page)); }
  histogram(s: Search, intervalMs: number) { return this.conn2((c) => search.histogram(duckEngine(c, this.tables), s, intervalMs)); }
  topValues(s: Search, f: FieldDef, size: number) { return this.conn2((c) => search.topValues(duckEngine(c, this.tables), s, f, size)); }
  valueSeries(s: Search, f: FieldDef, size: number, intervalMs: number) { return this.conn2((c) => search.valueSeries(duckEngine(c, this.tables), s, f, size, intervalMs)); }
  connections(s: Search, src: FieldDef, dst: FieldDef, minConn: number, size: number) { return this.conn2((c) => search.connections(duckEngine(c, this.tables), s, src, dst, minConn, size)); }
  uniqueValues(s: Search, f: FieldDef, byCount: boolean) { return this.connStream((c) => search.uniqueValues(duckEngine(c, this.tables), s, f, byCount)); }
  streamSessions(s: Search, fields: string[]) { return this.connStream((c) => search.streamSessions(duckEngine(c, this.tables), s, fields)); }
  timeSpan(s: Search) { return this.conn2((c) => search.timeSpan(duckEngine(c, this.tables), s)); }
  nodeTotals() {
    return this.conn2(async (c) => (await c.runAndReadAll(`SELECT node, count(*) AS n, sum(packets) AS p, sum(bytes) AS b FROM sessions GROUP BY node ORDER BY node`)).getRowObjectsJS()
      .map((r) => ({ node: String(r.node), sessions: Number(r.n), packets: Number(r.p ?? 0), bytes: Number(r.b ?? 0) })));
  }
  listShortcuts() { return this.conn2((c) => meta.listShortcuts(c)); }
  shortcutValues(names: string[]) { return this.conn2((c) => meta.shortcutValues(c, names)); }
  createShortcut(s: Omit<Shortcut, 'id' | 'createdAt'>) { return this.conn2((c) => meta.createShortcut(c, s)); }
  updateShortcut(id: number, s: Omit<Shortcut, 'id' | 'createdAt' | 'userId'>) { return this.conn2((c) => meta.updateShortcut(c, id, s)); }
  deleteShortcut(id: number) { return this.conn2((c) => meta.deleteShortcut(c, id)); }
  changeTags(s: Search, tags: string[], add: boolean) { return this.conn2((c) => meta.changeTags(c, duckEngine(c, this.tables), s, tags, add)); }
  getUser(id: string) { return this.conn2((c) => meta.getUser(c, id)); }
  listUsers() { return this.conn2((c) => meta.listUsers(c)); }
  putUser(u: meta.UserRow) { return this.conn2((c) => meta.putUser(c, u)); }
  removeUser(id: string) { return this.conn2((c) => meta.removeUser(c, id)); }
  addHistory(h: HistoryEntry) { return this.conn2((c) => meta.addHistory(c, h)); }
  listHistory(limit: number) { return this.conn2((c) => meta.listHistory(c, limit)); }
  addNodeStats(s: NodeStats) { return this.conn2((c) => nodeStats.addNodeStats(c, s)); }
  latestNodeStats() { return this.conn2((c) => nodeStats.latestNodeStats(c)); }
  nodeStatsHistory(node: string, sinceMs: number) { return this.conn2((c) => nodeStats.nodeStatsHistory(c, node, sinceMs)); }
  setFileLocked(id: number, locked: boolean) { return this.conn2((c) => nodeStats.setFileLocked(c, id, locked)); }
  markFileDeleted(id: number, at: number) { return this.conn2((c) => nodeStats.markFileDeleted(c, id, at)); }
  registerNode(n: NodeInfo) { return this.conn2((c) => nodeStats.registerNode(c, n)); }
  listNodes() { return this.conn2((c) => nodeStats.listNodes(c)); }
  deleteSessionsBefore(beforeMs: number) { return this.conn2((c) => nodeStats.deleteSessionsBefore(c, this.tables.filter((t) => !t.core).map((t) => t.name), beforeMs)); }

  async getSession(id: string): Promise<SessionDoc | null> {
    for await (const r of this.querySessions({ terms: [{ field: 'id', value: id }], limit: 1 })) return r;
    return null;
  }

  async close(): Promise<void> {
    await this.writer?.close();
    this.conn.closeSync();
    this.instance.closeSync();
  }
}

function listLiteral(xs: number[]): string {
  return `[${xs.map((x) => Math.floor(Number(x))).join(', ')}]::INTEGER[]`;
}

function toFileEntry(r: Record<string, unknown>): FileEntry {
  const n = (v: unknown) => (v === null || v === undefined ? null : Number(v));
  return {
    id: Number(r.id), node: String(r.node), path: String(r.path), format: String(r.format), compression: String(r.compression),
    linktypes: ((r.linktypes as unknown[]) ?? []).map(Number), firstPacket: n(r.first_packet), lastPacket: n(r.last_packet),
    size: Number(r.size ?? 0), packets: Number(r.packets ?? 0), sha256: (r.sha256 as string) ?? null, fingerprint: String(r.fingerprint),
    importedAt: Number(r.imported_at ?? 0), error: (r.error as string) ?? null, locked: Boolean(r.locked), deletedAt: n(r.deleted_at),
  };
}

function describeOpenError(path: string, e: unknown): Error {
  const msg = e instanceof Error ? e.message : String(e);
  const m = /Conflicting lock is held in (.*?) \(PID (\d+)\)/.exec(msg);
  if (m) {
    let cmd = m[1];
    try {
      cmd = readFileSync(`/proc/${m[2]}/cmdline`, 'utf8').split('\0').filter(Boolean).join(' ') || cmd;
    } catch {
      /* the owner may have exited meanwhile */
    }
    return new StoreLockedError(`database ${path} is in use by another process: PID ${m[2]} (${cmd}); stop it or use another --db`);
  }
  return new Error(`cannot open database ${path}: ${msg.split('\n')[0]}`);
}

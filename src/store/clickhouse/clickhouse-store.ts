// The distributed store: sessions in ClickHouse (one server, or shards behind a Distributed
// table), searched through the same SQL as DuckDB in ClickHouse's dialect. Capture nodes insert in
// batches; while ClickHouse is away batches wait in an on-disk spool and are replayed in order,
// each session stored once (see insert-queue.ts).
import { allFields, F } from '../../fields/catalogue.js';
import type { FieldDef } from '../../fields/types.js';
import { CLICKHOUSE, type Param } from '../../query/dialect.js';
import type { SessionDoc, SessionRecord } from '../../session/record.js';
import * as search from '../sql/search.js';
import { quoteIdent, type SqlEngine } from '../sql/search.js';
import type { Page, Search, Shortcut, HistoryEntry } from '../search.js';
import type { FileEntry, NodeInfo, NodeStats, SessionQuery, ViewerStore } from '../store.js';
import type { UserRow } from '../duckdb/meta.js';
import { ClickHouseClient } from './client.js';
import { literal } from './literal.js';
import { parseClickHouseUrl, type ClickHouseLocation } from './location.js';
import { chTables, sessionTableNames } from './schema.js';
import * as meta from './meta.js';
import { InsertQueue } from './insert-queue.js';
import { Mutations } from './mutations.js';

export interface ClickHouseOpenOptions {
  readOnly?: boolean;
  log?: (line: string) => void;
}

export class ClickHouseStore implements ViewerStore {
  readonly tables = chTables();
  readonly path: string;
  private readonly shards: ClickHouseClient[];
  private readonly main: ClickHouseClient;
  private readonly engine: SqlEngine;
  private readonly queue: InsertQueue | null;
  private readonly mutations: Mutations;

  private constructor(readonly location: ClickHouseLocation, opts: ClickHouseOpenOptions) {
    this.path = location.display;
    this.shards = location.shards.map((e) => new ClickHouseClient(e, location.timeoutMs));
    this.main = this.shards[0];
    const names = sessionTableNames(location);
    const main = this.main;
    this.engine = {
      tables: this.tables,
      dialect: CLICKHOUSE,
      // Reads see this process's own writes (as DuckDB's do): gathered rows go first.
      all: async (sql: string, params: Param[]) => (await this.flush(), main.rows(sql, params)),
      stream: (sql: string, params: Param[]) => this.readStream(sql, params),
    };
    this.mutations = new Mutations(this.shards, names.local);
    this.queue = opts.readOnly ? null : new InsertQueue(this.main, names.read, Boolean(location.cluster), location.spoolDir ?? 'weir-spool', location.spoolMaxBytes, location.batchRows, location.flushMs, opts.log ?? (() => {}));
  }

  /** Opens a store whose schema `weir db init` made; a writer opens even while ClickHouse is away (it spools). */
  static async open(url: string, opts: ClickHouseOpenOptions = {}): Promise<ClickHouseStore> {
    const store = new ClickHouseStore(parseClickHouseUrl(url), opts);
    try {
      await store.checkSchema();
    } catch (e) {
      if (!(e instanceof Error && e.name === 'SchemaUnchecked') || opts.readOnly) {
        await store.close();
        throw e;
      }
      opts.log?.(`${e.message}; spooling sessions until it answers`);
    }
    return store;
  }

  private async checkSchema(): Promise<void> {
    const db = this.location.shards[0].database;
    let cols: Set<string>;
    try {
      cols = new Set((await this.main.rows(`SELECT name FROM system.columns WHERE database = @@p1@@ AND table = 'sessions'`, [db], {}, 'default')).map((r) => String(r.name)));
    } catch (e) {
      const err = new Error(`cannot reach ${this.path}: ${(e as Error).message}`);
      err.name = 'SchemaUnchecked';
      throw err;
    }
    if (!cols.size) throw new Error(`${this.path} has no Weir schema: run weir db init --store '${this.path}'`);
    const missing = this.tables[0].fields.filter((f) => !cols.has(f.column));
    if (missing.length) throw new Error(`${this.path} lacks ${missing.length} column(s) this Weir writes (${missing.slice(0, 3).map((f) => f.exp).join(', ')}...): run weir db upgrade --store '${this.path}'`);
  }

  /** Spooled batches waiting for ClickHouse. */
  spoolSize(): { batches: number; bytes: number } {
    return this.queue?.spoolSize() ?? { batches: 0, bytes: 0 };
  }

  /** The last file id this store handed out per node: later ones need no round trip (and no ClickHouse). */
  private readonly lastFileId = new Map<string, number>();

  async nextFileId(node: string): Promise<number> {
    // Nodes insert concurrently into one store: each draws ids from its own range (2^31 ids),
    // chosen by a hash of its name (21 bits: 2^52 stays an exact double in packet positions).
    // One process writes for a node, so after the first lookup ids are counted here.
    let last = this.lastFileId.get(node);
    if (last === undefined) {
      let h = 0x811c9dc5;
      for (const ch of Buffer.from(node)) h = Math.imul(h ^ ch, 0x01000193) >>> 0;
      const base = (h & 0x1fffff) * 2 ** 31;
      const r = await this.main.rows('SELECT max(id) AS m, count() AS n FROM files WHERE id > @@p1@@ AND id < @@p2@@', [base, base + 2 ** 31]);
      last = Number(r[0].n) === 0 ? base : Number(r[0].m);
    }
    this.lastFileId.set(node, last + 1);
    return last + 1;
  }

  async findFile(node: string, fingerprint: string): Promise<FileEntry | null> {
    return (await meta.files(this.main, 'node = @@p1@@ AND fingerprint = @@p2@@', [node, fingerprint]))[0] ?? null;
  }

  async getFile(id: number): Promise<FileEntry | null> {
    return (await meta.files(this.main, 'id = @@p1@@', [id]))[0] ?? null;
  }

  listFiles(): Promise<FileEntry[]> {
    return meta.files(this.main);
  }

  /** A writer spools file rows like sessions while ClickHouse is away (a capture rolls on). */
  registerFile(f: FileEntry): Promise<void> {
    return this.queue ? this.queue.insertRows('files', meta.fileRow(f)) : meta.putFile(this.main, f);
  }

  completeFile(f: FileEntry): Promise<void> {
    return this.registerFile(f);
  }

  async removeSessionsOfFile(fileId: number): Promise<void> {
    await this.flush();
    await this.mutations.deleteWhere(`has(${quoteIdent(F.fileId.column)}, ${Math.floor(fileId)})`);
  }

  async appendSessions(records: SessionRecord[]): Promise<void> {
    if (!this.queue) throw new Error('the store is open read-only');
    await this.queue.append(records);
  }

  async flush(): Promise<void> {
    await this.queue?.flush(true);
  }

  private async *readStream(sql: string, params: Param[]): AsyncGenerator<Record<string, unknown>> {
    await this.flush();
    yield* this.main.stream(sql, params);
  }

  /** Sends gathered rows once they are `flushMs` old (capture calls this every second). */
  async flushSoon(): Promise<void> {
    await this.queue?.flush(false);
  }

  async *querySessions(q: SessionQuery): AsyncGenerator<SessionDoc> {
    yield* search.streamSessions(this.engine, q, q.fields ?? allFields().map((f) => f.exp), q.limit);
  }

  async getSession(id: string): Promise<SessionDoc | null> {
    for await (const r of this.querySessions({ terms: [{ field: 'id', value: id }], limit: 1 })) return r;
    return null;
  }

  searchPage(s: Search, page: Page) { return search.searchPage(this.engine, s, page); }
  histogram(s: Search, intervalMs: number) { return search.histogram(this.engine, s, intervalMs); }
  topValues(s: Search, f: FieldDef, size: number) { return search.topValues(this.engine, s, f, size); }
  valueSeries(s: Search, f: FieldDef, size: number, intervalMs: number) { return search.valueSeries(this.engine, s, f, size, intervalMs); }
  connections(s: Search, src: FieldDef, dst: FieldDef, minConn: number, size: number) { return search.connections(this.engine, s, src, dst, minConn, size); }
  uniqueValues(s: Search, f: FieldDef, byCount: boolean) { return search.uniqueValues(this.engine, s, f, byCount); }
  streamSessions(s: Search, fields: string[]) { return search.streamSessions(this.engine, s, fields); }
  timeSpan(s: Search) { return search.timeSpan(this.engine, s); }

  async nodeTotals() {
    const [node, packets, bytes] = [F.node, F.packets, F.bytes].map((f) => quoteIdent(f.column));
    return (await this.main.rows(`SELECT ${node} AS nd, count() AS n, sum(${packets}) AS p, sum(${bytes}) AS b FROM sessions GROUP BY nd ORDER BY nd`))
      .map((r) => ({ node: String(r.nd), sessions: Number(r.n), packets: Number(r.p ?? 0), bytes: Number(r.b ?? 0) }));
  }

  listShortcuts() { return meta.listShortcuts(this.main); }
  async shortcutValues(names: string[]) {
    const out = new Map<string, string[]>();
    if (names.length) for (const s of await meta.listShortcuts(this.main, 'deleted = 0 AND has(@@p1@@, name)', [names])) out.set(s.name, s.values);
    return out;
  }
  createShortcut(s: Omit<Shortcut, 'id' | 'createdAt'>) { return meta.createShortcut(this.main, s); }
  async updateShortcut(id: number, s: Omit<Shortcut, 'id' | 'createdAt' | 'userId'>) {
    const old = (await meta.listShortcuts(this.main, 'deleted = 0 AND id = @@p1@@', [id]))[0];
    if (!old) return null;
    const next = { ...old, ...s };
    await meta.putShortcut(this.main, next);
    return next;
  }
  async deleteShortcut(id: number) {
    const old = (await meta.listShortcuts(this.main, 'deleted = 0 AND id = @@p1@@', [id]))[0];
    if (old) await meta.putShortcut(this.main, old, true);
    return Boolean(old);
  }

  /** Tags change by mutation on every shard, for the ids the search matches now. */
  async changeTags(s: Search, tags: string[], add: boolean): Promise<number> {
    const ids: string[] = [];
    for await (const r of search.streamSessions(this.engine, s, ['id'])) ids.push(String(r.id));
    const col = quoteIdent(F.tags.column);
    const list = literal(tags);
    const set = add ? `arrayDistinct(arrayConcat(${col}, ${list}))` : `arrayFilter(__t -> NOT has(${list}, __t), ${col})`;
    await this.mutations.updateIds(`${col} = ${set}`, ids);
    return ids.length;
  }

  getUser(id: string) { return meta.getUser(this.main, id); }
  listUsers() { return meta.listUsers(this.main); }
  putUser(u: UserRow) { return meta.putUser(this.main, u); }
  removeUser(id: string) { return meta.removeUser(this.main, id); }
  addHistory(h: HistoryEntry) { return meta.addHistory(this.main, h); }
  listHistory(limit: number) { return meta.listHistory(this.main, limit); }
  addNodeStats(s: NodeStats) { return meta.addNodeStats(this.main, s); }
  latestNodeStats() { return meta.latestNodeStats(this.main); }
  nodeStatsHistory(node: string, sinceMs: number) { return meta.nodeStatsHistory(this.main, node, sinceMs); }
  registerNode(n: NodeInfo) { return meta.registerNode(this.main, n); }
  listNodes() { return meta.listNodes(this.main); }

  async setFileLocked(id: number, locked: boolean): Promise<boolean> {
    const f = await this.getFile(id);
    if (f) await meta.putFile(this.main, { ...f, locked });
    return Boolean(f);
  }

  async markFileDeleted(id: number, at: number): Promise<void> {
    const f = await this.getFile(id);
    if (f) await meta.putFile(this.main, { ...f, deletedAt: at });
  }

  async deleteSessionsBefore(beforeMs: number): Promise<number> {
    const cond = `${quoteIdent(F.lastPacket.column)} < ${Math.floor(beforeMs)}`;
    const n = Number((await this.main.rows(`SELECT count() AS n FROM sessions WHERE ${cond}`))[0].n);
    if (n) await this.mutations.deleteWhere(cond);
    return n;
  }

  async close(): Promise<void> {
    await this.queue?.close();
    for (const c of this.shards) c.close();
  }
}

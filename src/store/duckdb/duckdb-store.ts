// The embedded store: one DuckDB file, owned read-write by one process at a time.
import { readFileSync } from 'node:fs';
import { DuckDBConnection, DuckDBDataChunk, DuckDBInstance, JSToDuckDBValueConverter, type DuckDBAppender, type DuckDBType } from '@duckdb/node-api';
import { allFields, fieldByName } from '../../fields/catalogue.js';
import type { SessionDoc, SessionRecord } from '../../session/record.js';
import { StoreLockedError, type FileEntry, type SessionQuery, type Store } from '../store.js';
import { CREATE_FILES_SQL, createSessionsSql, packList, quoteIdent, sessionColumns, sqlType, unpackList } from './schema.js';
import type { FieldDef } from '../../fields/types.js';

const CHUNK_ROWS = 2048;

export class DuckDbStore implements Store {
  private pending: SessionRecord[] = [];
  private appender: DuckDBAppender | null = null;
  private types: DuckDBType[] = [];

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
    if (!opts.readOnly) await store.migrate();
    return store;
  }

  /** Creates tables, and adds columns for catalogue fields that an older database lacks. */
  private async migrate(): Promise<void> {
    await this.conn.run(createSessionsSql());
    await this.conn.run(CREATE_FILES_SQL);
    const have = new Set((await this.conn.runAndReadAll(`SELECT column_name FROM information_schema.columns WHERE table_name = 'sessions'`)).getRowsJS().map((r) => String(r[0])));
    for (const f of sessionColumns()) {
      if (!have.has(f.column)) await this.conn.run(`ALTER TABLE sessions ADD COLUMN ${quoteIdent(f.column)} ${sqlType(f)}`);
    }
  }

  async nextFileId(): Promise<number> {
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
    await this.conn.run('DELETE FROM files WHERE id = $1', [f.id]);
    await this.conn.run(
      `INSERT INTO files VALUES ($1, $2, $3, $4, $5, ${listLiteral(f.linktypes)}, $6, $7, $8, $9, $10, $11, $12, $13)`,
      [f.id, f.node, f.path, f.format, f.compression, f.firstPacket, f.lastPacket, f.size, f.packets, f.sha256, f.fingerprint, f.importedAt, f.error],
    );
  }

  async completeFile(f: FileEntry): Promise<void> {
    await this.registerFile(f);
  }

  async removeSessionsOfFile(fileId: number): Promise<void> {
    await this.flush();
    await this.conn.run(`DELETE FROM sessions WHERE list_contains(${quoteIdent(fieldByName('fileId')!.column)}, $1)`, [fileId]);
  }

  async appendSessions(records: SessionRecord[]): Promise<void> {
    for (const r of records) this.pending.push(r);
    if (this.pending.length >= CHUNK_ROWS) await this.writePending(false);
  }

  async flush(): Promise<void> {
    await this.writePending(true);
  }

  private async writePending(all: boolean): Promise<void> {
    if (!this.pending.length) return;
    if (!this.appender) {
      this.appender = await this.conn.createAppender('sessions');
      this.types = [];
      for (let i = 0; i < this.appender.columnCount; i++) this.types.push(this.appender.columnType(i));
    }
    const cols = sessionColumns();
    while (this.pending.length >= CHUNK_ROWS || (all && this.pending.length)) {
      const rows = this.pending.splice(0, CHUNK_ROWS);
      const columns = cols.map((f) => rows.map((r) => toColumnValue(f, r[f.index])));
      const chunk = DuckDBDataChunk.create(this.types, rows.length);
      chunk.setColumnsConverted(columns, JSToDuckDBValueConverter);
      this.appender.appendDataChunk(chunk);
    }
    if (all) this.appender.flushSync();
  }

  async *querySessions(q: SessionQuery): AsyncGenerator<SessionDoc> {
    await this.flush();
    const where: string[] = [];
    const params: (string | number)[] = [];
    for (const t of q.terms) {
      const f = fieldByName(t.field)!;
      params.push(f.kind === 'integer' || f.kind === 'date' ? Number(t.value) : f.kind === 'lotermfield' ? t.value.toLowerCase() : t.value);
      const col = quoteIdent(f.column);
      where.push(f.multi ? `list_contains(${col}, $${params.length})` : `${col} = $${params.length}`);
    }
    const fields = (q.fields ?? allFields().map((f) => f.exp)).map((n) => fieldByName(n)!);
    const select = fields.map((f) => `${quoteIdent(f.column)} AS ${quoteIdent(f.exp)}`).join(', ');
    let sql = `SELECT ${select} FROM sessions${where.length ? ' WHERE ' + where.join(' AND ') : ''} ORDER BY ${quoteIdent(fieldByName('firstPacket')!.column)}, ${quoteIdent(fieldByName('id')!.column)}`;
    if (q.limit !== undefined) sql += ` LIMIT ${Math.max(0, Math.floor(q.limit))}`;
    const result = await this.conn.stream(sql, params);
    for await (const rows of result.yieldRowObjectJs()) {
      for (const row of rows) yield normalise(row);
    }
  }

  async getSession(id: string): Promise<SessionDoc | null> {
    for await (const r of this.querySessions({ terms: [{ field: 'id', value: id }], limit: 1 })) return r;
    return null;
  }

  async close(): Promise<void> {
    await this.flush();
    this.appender?.closeSync();
    this.appender = null;
    this.conn.closeSync();
    this.instance.closeSync();
  }
}

/** Empty lists are stored as NULL (much cheaper to append); packed lists as BLOBs. */
function toColumnValue(f: FieldDef, v: unknown): never {
  if (v === undefined || v === null) return null as never;
  if (f.packed) return packList(f, v as number[]) as never;
  if (f.multi && (v as unknown[]).length === 0) return null as never;
  return v as never;
}

/** DuckDB hands BIGINTs back as bigint; the record speaks plain numbers and lists. */
function normalise(row: Record<string, unknown>): SessionDoc {
  const out: SessionDoc = {};
  for (const [k, v] of Object.entries(row)) {
    const f = fieldByName(k);
    if (v === null) {
      if (f?.multi) out[k] = [];
      continue;
    }
    if (f?.packed) out[k] = unpackList(f, v as Uint8Array);
    else out[k] = typeof v === 'bigint' ? Number(v) : Array.isArray(v) ? v.map((x) => (typeof x === 'bigint' ? Number(x) : x)) : v;
  }
  return out;
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
    importedAt: Number(r.imported_at ?? 0), error: (r.error as string) ?? null,
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

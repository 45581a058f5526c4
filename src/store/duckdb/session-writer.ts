// Appends session rows to the session tables through DuckDB appenders. Rows arrive as records
// (encoded here, a chunk at a time) or already encoded by packet workers; either way the columns
// follow the database's own column order, read at open, so a table made by an older Weir (columns
// added later sit at the end) is written correctly.
import bindings from '@duckdb/node-bindings';
import { DuckDBDataChunk, type DuckDBAppender, type DuckDBConnection, type DuckDBType } from '@duckdb/node-api';
import type { SessionRecord } from '../../session/record.js';
import { StringHolder, writeEncodedColumn } from './chunk-writer.js';
import { RowEncoder, type EncodedRows } from './row-encoder.js';
import type { SessionTable } from './schema.js';
import { shapeOf, type TableLayout } from './shapes.js';
import { CHUNK_ROWS } from './chunk-rows.js';


export class SessionWriter {
  private readonly appenders: (DuckDBAppender | null)[];
  /** One data chunk per table, reset and refilled: a new chunk per 2,048 rows costs fresh memory (page faults) and type objects. */
  private readonly chunks: (DuckDBDataChunk | null)[];
  private readonly encoder: RowEncoder;
  private readonly held = new StringHolder();
  private pending: SessionRecord[] = [];
  private dirty = false;

  private constructor(private readonly conn: DuckDBConnection, readonly layout: TableLayout[]) {
    this.appenders = layout.map(() => null);
    this.chunks = layout.map(() => null);
    this.encoder = new RowEncoder(layout);
  }

  /** `columns`: the database's column names per table, in order (schema.ts `tableColumns`). */
  static create(tables: SessionTable[], columns: Map<string, string[]>, conn: DuckDBConnection): SessionWriter {
    const layout: TableLayout[] = [];
    for (const t of tables) {
      const byColumn = new Map(t.fields.map((f) => [f.column, f]));
      const cols = (columns.get(t.name) ?? []).map((name): TableLayout['columns'][number] => {
        if (!t.core && name === 'session_id') return { exp: null, id: true, shape: 'varchar' };
        const f = byColumn.get(name);
        // A column no field fills any more stays NULL.
        return f ? { exp: f.exp, shape: shapeOf(f) } : { exp: null, shape: 'varchar' };
      });
      layout.push({ name: t.name, core: t.core, columns: cols });
    }
    return new SessionWriter(conn, layout);
  }

  async append(records: SessionRecord[]): Promise<void> {
    for (const r of records) this.pending.push(r);
    while (this.pending.length >= CHUNK_ROWS) await this.appendOwn(this.pending.splice(0, CHUNK_ROWS));
  }

  /** Encodes records here; the arena is copied into DuckDB's chunks at once, so the next encode reuses it. */
  private async appendOwn(records: SessionRecord[]): Promise<void> {
    const e = this.encoder.encode(records);
    await this.appendEncoded(e);
    this.encoder.recycle(e.arena);
  }

  async appendEncoded(e: EncodedRows): Promise<void> {
    for (const t of e.tables) if (!this.appenders[t.table]) await this.open(t.table);
    // Nothing awaits from here: the copy of the arena that long strings point into lives only for this call.
    try {
      this.held.hold(e.arena, e.used);
      for (const t of e.tables) {
        const chunk = this.chunks[t.table]!;
        chunk.reset();
        chunk.rowCount = t.n;
        const cols = this.layout[t.table].columns;
        for (let c = 0; c < t.cols.length; c++) writeEncodedColumn(bindings.data_chunk_get_vector(chunk.chunk, c), cols[c].shape, e.arena, t.cols[c], t.n, this.held);
        this.appenders[t.table]!.appendDataChunk(chunk);
      }
    } finally {
      this.held.release();
    }
    this.dirty = true;
  }

  private async open(table: number): Promise<void> {
    const a = await this.conn.createAppender(this.layout[table].name);
    const types: DuckDBType[] = [];
    for (let i = 0; i < a.columnCount; i++) types.push(a.columnType(i));
    this.chunks[table] = DuckDBDataChunk.create(types);
    this.appenders[table] = a;
  }

  /** Everything appended so far becomes visible to queries. */
  async flush(): Promise<void> {
    if (this.pending.length) await this.appendOwn(this.pending.splice(0));
    if (!this.dirty) return;
    for (const a of this.appenders) a?.flushSync();
    this.dirty = false;
  }

  async close(): Promise<void> {
    await this.flush();
    for (let i = 0; i < this.appenders.length; i++) {
      this.appenders[i]?.closeSync();
      this.appenders[i] = null;
    }
  }
}

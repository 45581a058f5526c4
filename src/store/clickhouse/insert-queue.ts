// Session rows on their way into ClickHouse: gathered into batches, inserted with a deadline, and
// spooled on disk when ClickHouse does not answer. Spooled batches go first, in order, once it is
// back; a batch whose earlier attempt may have landed sends only the rows not yet stored (rows
// carry their batch id), so every session is stored exactly once.
import { randomBytes } from 'node:crypto';
import { allFields } from '../../fields/catalogue.js';
import { fieldValue, type SessionRecord } from '../../session/record.js';
import { ClickHouseUnreachable, type ClickHouseClient } from './client.js';
import { BATCH_COLUMN } from './schema.js';
import { Spool, type SpooledBatch } from './spool.js';

const RETRY_MS = 2000;

export class InsertQueue {
  private readonly fields = allFields().filter((f) => !f.countOf);
  private readonly prefix = randomBytes(6).toString('hex');
  private seq = 0;
  private batch = '';
  private lines: string[] = [];
  private readonly spool: Spool;
  private timer: NodeJS.Timeout | null = null;
  private draining: Promise<boolean> | null = null;
  private readonly settings: Record<string, number>;

  /**
   * `batchRows`: rows per insert; ClickHouse wants few large inserts (each makes a part per
   * partition it touches).
   */
  constructor(private readonly client: ClickHouseClient, private readonly table: string, distributed: boolean, spoolDir: string, spoolMax: number, private readonly batchRows: number, private readonly log: (l: string) => void) {
    this.spool = new Spool(spoolDir, spoolMax);
    // A Distributed insert returns only when every shard has its rows (not queued locally).
    this.settings = distributed ? { insert_distributed_sync: 1 } : {};
    if (this.spool.size.batches) {
      log(`${this.spool.size.batches} spooled batch(es) in ${spoolDir} from an earlier run: sending them first`);
      this.schedule();
    }
  }

  spoolSize(): { batches: number; bytes: number } {
    return this.spool.size;
  }

  async append(records: SessionRecord[]): Promise<void> {
    for (const r of records) {
      if (!this.lines.length) this.batch = `${this.prefix}-${++this.seq}`;
      this.lines.push(this.rowJson(r));
      if (this.lines.length >= this.batchRows) await this.send();
    }
  }

  /** Present values only: ClickHouse fills omitted columns with NULL or an empty array. */
  private rowJson(r: SessionRecord): string {
    const o: Record<string, unknown> = {};
    for (const f of this.fields) {
      const v = fieldValue(r, f);
      if (v === undefined || v === null || (f.multi && (v as ArrayLike<unknown>).length === 0)) continue;
      o[f.column] = ArrayBuffer.isView(v) ? Array.from(v as Float64Array) : v;
    }
    o[BATCH_COLUMN] = this.batch;
    return JSON.stringify(o);
  }

  async flush(): Promise<void> {
    if (this.lines.length) await this.send();
  }

  private async send(): Promise<void> {
    const body = this.lines.join('\n');
    const batch = this.batch;
    this.lines = [];
    await this.insertOrSpool(this.table, batch, body);
  }

  /**
   * Rows of another table (file registrations) take the same way, so that a node goes on while
   * ClickHouse is away; their tables keep row versions, so a replayed row is harmless.
   */
  async insertRows(table: string, body: string): Promise<void> {
    await this.insertOrSpool(table, `${this.prefix}-${table}-${++this.seq}`, body);
  }

  private async insertOrSpool(table: string, batch: string, body: string): Promise<void> {
    // Order: nothing overtakes a spooled batch.
    if (this.spool.size.batches === 0 || (await this.drain())) {
      try {
        await this.client.insert(table, body, this.settings);
        return;
      } catch (e) {
        if (!(e instanceof ClickHouseUnreachable)) throw e;
        this.log(`${e.message}: spooling ${table} rows in ${this.spool.dir}`);
        await this.toSpool(table, batch, body, e.maybeDone && table === this.table);
        return;
      }
    }
    await this.toSpool(table, batch, body, false);
  }

  /** Bounded: while the spool is full the writer waits (capture then counts drops upstream). */
  private async toSpool(table: string, batch: string, body: string, verify: boolean): Promise<void> {
    while (this.spool.full && !(await this.drain())) await new Promise((r) => setTimeout(r, RETRY_MS));
    this.spool.add(table, batch, body, verify);
    this.schedule();
  }

  private schedule(): void {
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.drain().then((done) => done || this.schedule());
    }, RETRY_MS);
    this.timer.unref();
  }

  /** Sends spooled batches in order; true when the spool is empty. One drain at a time. */
  drain(): Promise<boolean> {
    this.draining ??= this.drainNow().finally(() => (this.draining = null));
    return this.draining;
  }

  private async drainNow(): Promise<boolean> {
    for (let b = this.spool.first(); b; b = this.spool.first()) {
      try {
        await this.replay(b);
      } catch (e) {
        if (e instanceof ClickHouseUnreachable) return false;
        throw e;
      }
      this.spool.remove(b);
      this.log(`sent spooled ${b.table} batch ${b.batch}; ${this.spool.size.batches} left`);
    }
    return true;
  }

  private async replay(b: SpooledBatch): Promise<void> {
    let body = b.body;
    if (b.verify) {
      const stored = new Set((await this.client.rows(`SELECT id FROM ${this.table} WHERE ${BATCH_COLUMN} = @@p1@@`, [b.batch])).map((r) => String(r.id)));
      if (stored.size) body = body.split('\n').filter((l) => !stored.has(String((JSON.parse(l) as { id: string }).id))).join('\n');
    }
    if (body) await this.client.insert(b.table, body, this.settings);
  }

  /** Sends what is pending; spooled batches get `waitMs` to drain, then stay for the next run. */
  async close(waitMs = 30_000): Promise<void> {
    const until = Date.now() + waitMs;
    try {
      await this.flush();
      while (!(await this.drain()) && Date.now() < until) await new Promise((r) => setTimeout(r, 500));
    } finally {
      if (this.timer) clearTimeout(this.timer);
      this.timer = null;
      const left = this.spool.size;
      if (left.batches) this.log(`${left.batches} batch(es) (${(left.bytes / 1e6).toFixed(1)} MB) stay in spool ${this.spool.dir}: they are sent when Weir next opens this store`);
    }
  }
}

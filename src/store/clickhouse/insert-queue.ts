// Session rows on their way into ClickHouse: gathered into batches, inserted with a deadline, and
// spooled on disk when ClickHouse does not answer. Spooled batches go first, in order, once it is
// back; a batch whose earlier attempt may have landed sends only the rows not yet stored (rows
// carry their batch id), so every session is stored exactly once.
import { randomBytes } from 'node:crypto';
import type { SessionRecord } from '../../session/record.js';
import { ClickHouseUnreachable, type ClickHouseClient } from './client.js';
import { BATCH_COLUMN } from './schema.js';
import { Spool, type BatchHead, type SpooledBatch } from './spool.js';
import { missingRows, RowBinaryEncoder } from './row-binary.js';

const RETRY_MS = 2000;

export class InsertQueue {
  private readonly prefix = randomBytes(6).toString('hex');
  private seq = 0;
  private batch = '';
  private readonly rows = new RowBinaryEncoder();
  /** When the batch being filled got its first row. */
  private startedAt = 0;
  /**
   * One insert is in flight while the next batch is encoded (ClickHouse parses on its own cores);
   * the next send waits for it, so batches still land in order.
   */
  private inFlight: Promise<void> = Promise.resolve();
  private readonly spool: Spool;
  private timer: NodeJS.Timeout | null = null;
  private draining: Promise<boolean> | null = null;
  private readonly settings: Record<string, number>;

  /**
   * `batchRows`: rows per insert; ClickHouse wants few large inserts (each makes a part per
   * partition it touches).
   */
  constructor(private readonly client: ClickHouseClient, private readonly table: string, distributed: boolean, spoolDir: string, spoolMax: number,
    private readonly batchRows: number, private readonly flushMs: number, private readonly log: (l: string) => void) {
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
      if (!this.rows.rows) {
        this.batch = `${this.prefix}-${++this.seq}`;
        this.startedAt = Date.now();
      }
      this.rows.add(r, this.batch);
      if (this.rows.rows >= this.batchRows) await this.send();
    }
  }

  /**
   * Sends the rows gathered so far. Unless forced, a batch younger than `flushMs` waits for more
   * rows: a capture node flushes every second, and every insert makes a part of each of hundreds
   * of columns (measured: ~1 s per insert here, whatever its size).
   */
  async flush(force = true): Promise<void> {
    if (this.rows.rows && (force || Date.now() - this.startedAt >= this.flushMs)) await this.send();
    if (force) await this.inFlight;
  }

  private async send(): Promise<void> {
    const { body, ids, ends } = this.rows.take();
    const head: BatchHead = { table: this.table, batch: this.batch, verify: false, format: { format: 'RowBinary', columns: this.rows.columns }, ids, ends };
    await this.inFlight;
    this.inFlight = this.insertOrSpool(head, body);
    // A failure surfaces at the next send or flush; keep it from counting as unhandled meanwhile.
    this.inFlight.catch(() => undefined);
  }

  /**
   * Rows of another table (file registrations) take the same way, so that a node goes on while
   * ClickHouse is away; their tables keep row versions, so a replayed row is harmless.
   */
  async insertRows(table: string, jsonLines: string): Promise<void> {
    await this.inFlight;
    await this.insertOrSpool({ table, batch: `${this.prefix}-${table}-${++this.seq}`, verify: false, format: { format: 'JSONEachRow' } }, jsonLines);
  }

  private async insertOrSpool(head: BatchHead, body: string | Buffer): Promise<void> {
    // Order: nothing overtakes a spooled batch.
    if (this.spool.size.batches === 0 || (await this.drain())) {
      try {
        await this.client.insert(head.table, body, this.settings, head.format);
        return;
      } catch (e) {
        if (!(e instanceof ClickHouseUnreachable)) throw e;
        this.log(`${e.message}: spooling ${head.table === this.table ? 'sessions' : `${head.table} rows`} in ${this.spool.dir}`);
        await this.toSpool({ ...head, verify: e.maybeDone && Boolean(head.ids) }, body);
        return;
      }
    }
    await this.toSpool(head, body);
  }

  /** Bounded: while the spool is full the writer waits (capture then counts drops upstream). */
  private async toSpool(head: BatchHead, body: string | Buffer): Promise<void> {
    while (this.spool.full && !(await this.drain())) await new Promise((r) => setTimeout(r, RETRY_MS));
    this.spool.add(head, body);
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
    if (b.verify && b.ids && b.ends) {
      const stored = new Set((await this.client.rows(`SELECT id FROM ${b.table} WHERE ${BATCH_COLUMN} = @@p1@@`, [b.batch])).map((r) => String(r.id)));
      if (stored.size) body = missingRows({ body, ids: b.ids, ends: b.ends }, stored);
    }
    if (body.length) await this.client.insert(b.table, body, this.settings, b.format);
  }

  /** Sends what is pending; spooled batches get `waitMs` to drain, then stay for the next run. */
  async close(waitMs = 30_000): Promise<void> {
    const until = Date.now() + waitMs;
    try {
      await this.flush(true);
      while (!(await this.drain()) && Date.now() < until) await new Promise((r) => setTimeout(r, 500));
    } finally {
      if (this.timer) clearTimeout(this.timer);
      this.timer = null;
      const left = this.spool.size;
      if (left.batches) this.log(`${left.batches} batch(es) (${(left.bytes / 1e6).toFixed(1)} MB) stay in spool ${this.spool.dir}: they are sent when Weir next opens this store`);
    }
  }
}

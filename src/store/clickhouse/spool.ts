// Insert batches waiting on disk while ClickHouse cannot take them: one file per batch, named by a
// sequence number so that they are replayed in the order they were made. A file is a JSON header
// line (table, batch id, format, and for session rows each row's id and end) and the body as it
// would have been sent. A batch whose insert may have gone through (the connection broke after
// sending) is marked so that its replay first asks which of its rows are stored. Bounded: past
// `maxBytes` the writer waits (see InsertQueue).
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { InsertFormat } from './client.js';

export interface BatchHead {
  /** The table the rows go to (sessions, or files for file registrations). */
  table: string;
  batch: string;
  /** The earlier attempt's outcome is unknown: some rows may be stored. */
  verify: boolean;
  format: InsertFormat;
  /** RowBinary session rows: each row's id and end offset in the body. */
  ids?: string[];
  ends?: number[];
}

export interface SpooledBatch extends BatchHead {
  file: string;
  body: Buffer;
}

export class Spool {
  private seq = 0;
  private bytes = 0;
  private count = 0;

  constructor(readonly dir: string, readonly maxBytes: number) {
    mkdirSync(dir, { recursive: true });
    for (const f of this.names()) {
      this.seq = Math.max(this.seq, Number(f.slice(0, 12)));
      this.bytes += statSync(join(dir, f)).size;
      this.count++;
    }
  }

  private names(): string[] {
    return readdirSync(this.dir).filter((f) => /^\d{12}\.batch$/.test(f)).sort();
  }

  get size(): { batches: number; bytes: number } {
    return { batches: this.count, bytes: this.bytes };
  }

  get full(): boolean {
    return this.bytes >= this.maxBytes;
  }

  /** Writes a batch (whole or not at all: a temporary name, then a rename). */
  add(head: BatchHead, body: string | Buffer): void {
    const name = `${String(++this.seq).padStart(12, '0')}.batch`;
    const data = Buffer.concat([Buffer.from(`${JSON.stringify(head)}\n`), typeof body === 'string' ? Buffer.from(body) : body]);
    const tmp = join(this.dir, `.${name}.tmp`);
    writeFileSync(tmp, data);
    renameSync(tmp, join(this.dir, name));
    this.bytes += data.length;
    this.count++;
  }

  /** The oldest batch, or null. */
  first(): SpooledBatch | null {
    const name = this.names()[0];
    if (!name) return null;
    const data = readFileSync(join(this.dir, name));
    const nl = data.indexOf(10);
    const head = JSON.parse(data.subarray(0, nl).toString('utf8')) as BatchHead;
    return { ...head, file: name, body: data.subarray(nl + 1) };
  }

  remove(b: SpooledBatch): void {
    const path = join(this.dir, b.file);
    const size = statSync(path).size;
    rmSync(path);
    this.bytes -= size;
    this.count--;
  }
}

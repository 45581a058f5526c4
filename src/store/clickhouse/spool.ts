// Insert batches waiting on disk while ClickHouse cannot take them: one file per batch, named by a
// sequence number so that they are replayed in the order they were made. A batch whose insert may
// have gone through (the connection broke after sending) is marked so that its replay first asks
// which of its rows are stored. Bounded: past `maxBytes` the writer waits (see ClickHouseStore).
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface SpooledBatch {
  file: string;
  /** The table the rows go to (sessions, or files for file registrations). */
  table: string;
  batch: string;
  /** The earlier attempt's outcome is unknown: some rows may be stored. */
  verify: boolean;
  body: string;
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
  add(table: string, batch: string, body: string, verify: boolean): void {
    const name = `${String(++this.seq).padStart(12, '0')}.batch`;
    const text = `${JSON.stringify({ table, batch, verify })}\n${body}`;
    const tmp = join(this.dir, `.${name}.tmp`);
    writeFileSync(tmp, text);
    renameSync(tmp, join(this.dir, name));
    this.bytes += Buffer.byteLength(text);
    this.count++;
  }

  /** The oldest batch, or null. */
  first(): SpooledBatch | null {
    const name = this.names()[0];
    if (!name) return null;
    const text = readFileSync(join(this.dir, name), 'utf8');
    const nl = text.indexOf('\n');
    const head = JSON.parse(text.slice(0, nl)) as { table?: string; batch: string; verify: boolean };
    return { file: name, table: head.table ?? 'sessions', batch: head.batch, verify: head.verify, body: text.slice(nl + 1) };
  }

  remove(b: SpooledBatch): void {
    const path = join(this.dir, b.file);
    const size = statSync(path).size;
    rmSync(path);
    this.bytes -= size;
    this.count--;
  }
}

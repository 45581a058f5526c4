// Session rows in ClickHouse's RowBinary format: every column of the insert's list in order, no
// names, no text to parse (JSON rows cost ClickHouse ~3x more to read, and us ~2x more to make).
// One encoder per field type, chosen once; a batch remembers where each row starts and its id,
// so a replay can send only the rows that are missing.
import { appValues, fieldValue, type SessionRecord } from '../../session/record.js';
import { CORE_FIELD_COUNT, F } from '../../fields/catalogue.js';
import type { FieldDef } from '../../fields/types.js';
import { quoteIdent } from '../sql/search.js';
import { BATCH_COLUMN, chTables, chType } from './schema.js';

class Bytes {
  buf = Buffer.allocUnsafe(1 << 20);
  at = 0;

  room(n: number): void {
    if (this.at + n <= this.buf.length) return;
    const next = Buffer.allocUnsafe(Math.max(this.buf.length * 2, this.at + n));
    this.buf.copy(next, 0, 0, this.at);
    this.buf = next;
  }

  varint(n: number): void {
    this.room(10);
    while (n >= 0x80) {
      this.buf[this.at++] = (n & 0x7f) | 0x80;
      n = Math.floor(n / 128);
    }
    this.buf[this.at++] = n;
  }

  u8(v: number): void {
    this.room(1);
    this.buf[this.at++] = v;
  }

  i32(v: number): void {
    this.room(4);
    this.buf.writeInt32LE(v | 0, this.at);
    this.at += 4;
  }

  /** Int64 from a double: exact below 2^53, which every stored number is. */
  i64(v: number): void {
    this.room(8);
    const t = Math.trunc(v);
    const lo = t % 0x100000000;
    this.buf.writeUInt32LE(lo < 0 ? lo + 0x100000000 : lo, this.at);
    this.buf.writeInt32LE(Math.floor(t / 0x100000000), this.at + 4);
    this.at += 8;
  }

  f64(v: number): void {
    this.room(8);
    this.buf.writeDoubleLE(v, this.at);
    this.at += 8;
  }

  copy(src: Buffer, from: number, to: number): void {
    this.room(to - from);
    src.copy(this.buf, this.at, from, to);
    this.at += to - from;
  }

  str(s: string): void {
    const n = Buffer.byteLength(s);
    this.varint(n);
    this.room(n);
    this.at += this.buf.write(s, this.at, 'utf8');
  }
}

type Encode = (b: Bytes, v: unknown) => void;

function scalar(kind: string): Encode {
  switch (kind) {
    case 'Int64': return (b, v) => b.i64(Number(v));
    case 'Int32': return (b, v) => b.i32(Number(v));
    case 'Float64': return (b, v) => b.f64(Number(v));
    case 'UInt8': return (b, v) => b.u8(v ? 1 : 0);
    default: return (b, v) => b.str(String(v));
  }
}

/** An encoder for a ClickHouse type as chType writes them (T, Nullable(T), Array(T)). */
function encoderFor(type: string): Encode {
  const arr = /^Array\((\w+)\)$/.exec(type);
  if (arr) {
    const one = scalar(arr[1]);
    return (b, v) => {
      const a = (v ?? []) as ArrayLike<unknown>;
      b.varint(a.length);
      for (let i = 0; i < a.length; i++) one(b, a[i]);
    };
  }
  const nul = /^Nullable\((\w+)\)$/.exec(type);
  if (nul) {
    const one = scalar(nul[1]);
    return (b, v) => {
      if (v === undefined || v === null) return b.u8(1);
      b.u8(0);
      one(b, v);
    };
  }
  return scalar(type);
}

export interface EncodedBatch {
  body: Buffer;
  /** Per row: its id and where it ends in `body` (it starts where the previous one ended). */
  ids: string[];
  ends: number[];
}

export class RowBinaryEncoder {
  private readonly fields: FieldDef[] = chTables()[0].fields;
  private readonly encoders: Encode[] = this.fields.map((f) => encoderFor(chType(f)));
  /** Columns of core fields (read from the record's slots), then of protocol fields (sparse). */
  private readonly coreCols: number[] = [];
  private readonly firstApp: number;
  /** Column of each protocol field, by field index. */
  private readonly colOf = new Map<number, number>();
  /** What an absent value is, per column: 1 (NULL) for Nullable, 0 (no elements) for Array. */
  private readonly absent: Buffer;
  private readonly out = new Bytes();
  private readonly present: number[] = [];
  private ids: string[] = [];
  private ends: number[] = [];
  /** The column list an insert of these rows names. */
  readonly columns = [...this.fields.map((f) => quoteIdent(f.column)), BATCH_COLUMN].join(', ');

  constructor() {
    this.fields.forEach((f, c) => (f.index < CORE_FIELD_COUNT ? this.coreCols.push(c) : this.colOf.set(f.index, c)));
    this.firstApp = this.coreCols.length;
    // Protocol columns come after the core ones (the catalogue's order); checked, not assumed.
    if (this.coreCols.some((c, i) => c !== i)) throw new Error('ClickHouse columns: core fields must come first');
    this.absent = Buffer.from(this.fields.map((f) => (chType(f).startsWith('Nullable') ? 1 : 0)));
  }

  get rows(): number {
    return this.ids.length;
  }

  add(r: SessionRecord, batch: string): void {
    const b = this.out;
    for (let c = 0; c < this.firstApp; c++) this.encoders[c](b, r[this.fields[c].index]);
    // Most protocol columns are absent on any one row: runs of them are copied as bytes.
    const app = appValues(r);
    const present = this.present;
    present.length = 0;
    if (app) for (const k of app.keys()) present.push(this.colOf.get(k)!);
    present.sort((x, y) => x - y);
    let at = this.firstApp;
    for (const c of present) {
      b.copy(this.absent, at, c);
      this.encoders[c](b, app!.get(this.fields[c].index));
      at = c + 1;
    }
    b.copy(this.absent, at, this.fields.length);
    b.str(batch);
    this.ids.push(String(fieldValue(r, F.id)));
    this.ends.push(b.at);
  }

  take(): EncodedBatch {
    const out = { body: Buffer.from(this.out.buf.subarray(0, this.out.at)), ids: this.ids, ends: this.ends };
    this.out.at = 0;
    this.ids = [];
    this.ends = [];
    return out;
  }
}

/** The rows of a batch whose ids are not in `stored`, in order. */
export function missingRows(e: EncodedBatch, stored: Set<string>): Buffer {
  const parts: Buffer[] = [];
  let start = 0;
  for (let i = 0; i < e.ids.length; i++) {
    if (!stored.has(e.ids[i])) parts.push(e.body.subarray(start, e.ends[i]));
    start = e.ends[i];
  }
  return Buffer.concat(parts);
}

// A session's application layer: its classified protocol, the parser fed with its payload, and
// the field values found (a bounded, de-duplicated list per field).
import type { FieldDef } from '../fields/types.js';
import type { FieldSink, ProtocolDef, ProtocolParser } from './types.js';
import { StreamDir, type StreamSink } from '../session/stream.js';

const MAX_VALUES = 256;

export class SessionApp implements FieldSink, StreamSink {
  readonly values = new Map<number, (string | number)[]>();
  readonly parser: ProtocolParser;
  done = false;
  /** TCP only: in-order delivery per direction, created at each direction's first payload. */
  readonly streams: (StreamDir | null)[] = [null, null];
  lateStart = false;

  constructor(readonly def: ProtocolDef) {
    this.parser = def.create();
  }

  add(field: FieldDef, value: string | number): void {
    let list = this.values.get(field.index);
    if (!list) this.values.set(field.index, (list = []));
    if (list.length < MAX_VALUES && !list.includes(value)) list.push(value);
  }

  feed(dir: number, buf: Buffer, off: number, len: number): void {
    try {
      if (!this.parser.feed(dir, buf, off, len, this)) this.done = true;
    } catch {
      // Parsers bound-check; whatever still escapes ends parsing for this session, never the capture.
      this.done = true;
    }
  }
}

/** Hands a TCP segment's payload to the session's parser through its direction's stream. */
export function feedTcp(app: SessionApp, dir: number, start: number, seq: number, buf: Buffer, off: number, len: number): void {
  const st = (app.streams[dir] ??= new StreamDir(start, dir, app));
  st.push(seq, buf, off, len);
}

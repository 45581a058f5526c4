// A session's application layer: its classified protocol, the parser fed with its payload, and
// the field values found (a bounded, de-duplicated list per field).
import type { FieldDef } from '../fields/types.js';
import type { FieldSink, ProtocolDef, ProtocolParser } from './types.js';

const MAX_VALUES = 256;

export class SessionApp implements FieldSink {
  readonly values = new Map<number, (string | number)[]>();
  readonly parser: ProtocolParser;
  done = false;

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

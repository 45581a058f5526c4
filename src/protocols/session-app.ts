// A session's application layer: its classified protocol(s), the parser fed with its payload, and
// the field values found (a bounded, de-duplicated list per field).
import type { FieldDef } from '../fields/types.js';
import { DEFAULT_PARSER_OPTIONS, type FieldSink, type ParserOptions, type ProtocolDef, type ProtocolParser } from './types.js';
import { TcpStreams } from '../session/stream.js';
import { classifyContent } from './registry.js';
import { grow } from '../session/grow.js';
import { FieldShape } from './field-shape.js';
import { SHARED_BELOW, extendList, pairList } from './shared-lists.js';

/** Values kept per field and session (DNS tunnels carry thousands of names; each is evidence). */
const MAX_VALUES = 4096;
/** Past this many values a field's duplicates are found through a Set instead of a scan. */
const SCAN_LIMIT = 32;
/** Chunks tried for a content signature after a handoff (STARTTLS) before the current parser carries on. */
const HANDOFF_TRIES = 4;

/** A field's value (one) or values (several). */
type Value = number | string | (string | number)[];
const NO_VALUES: Value[] = [];
const NO_PROTOCOLS: string[] = [];
/** Values grow by copying up to this length, as short lists do (see `grow`). */
const VALUES_EXACT = 16;

/** Observes every chunk handed to a parser (the fuzz harness harvests its seeds here). */
export type ParserTap = (def: ProtocolDef, dir: number, chunk: Buffer) => void;

class AppRare {
  /** Protocols after the first. */
  protocols: string[] = NO_PROTOCOLS;
  /** Past SCAN_LIMIT values, a field's duplicates are found here. */
  seen: Map<number, Set<string | number>> | null = null;
  handoffTries = 0;
  lateStart = false;
}

export class SessionApp extends TcpStreams implements FieldSink {
  static tap: ParserTap | null = null;

  /**
   * Field values in the order of `shape.fields` (field-shape.ts), a field's one value held as
   * itself and only a second value making a list: a session holds a handful of fields, most with
   * one value, and a Map of lists costs ~600 bytes where this costs ~90.
   */
  private shape = FieldShape.EMPTY;
  private values: Value[] = NO_VALUES;
  /** The protocols seen, as a list only from the second on (most sessions speak one). */
  private firstProtocol: string;
  parser: ProtocolParser;
  done = false;
  /** What few sessions need (a second protocol, a handoff, a late start, long value lists); made on first need. */
  private rare: AppRare | null = null;
  /** The protocol whose parser is current (changes on a handoff). */
  currentDef: ProtocolDef;

  constructor(def: ProtocolDef, readonly startSec = 0, private readonly opts: ParserOptions = DEFAULT_PARSER_OPTIONS) {
    super();
    this.firstProtocol = def.anonymous ? '' : def.name;
    this.parser = def.create(opts);
    this.currentDef = def;
  }


  private more(): AppRare {
    return (this.rare ??= new AppRare());
  }

  private get handoffTries(): number {
    return this.rare ? this.rare.handoffTries : 0;
  }

  /** TCP only: classified after a preamble, so each direction's stream starts at its next payload. */
  get lateStart(): boolean {
    return this.rare !== null && this.rare.lateStart;
  }

  set lateStart(late: boolean) {
    if (late || this.rare) this.more().lateStart = late;
  }

  /** Fields with values: `fieldAt(i)` and `valuesAt(i)` for i below this. */
  get fieldCount(): number {
    return this.values.length;
  }

  fieldAt(i: number): number {
    return this.shape.fields[i];
  }

  /**
   * The field's values as a list the caller may keep and change: a copy, or with `handOver` (the
   * session ends) the session's own list where it has one of its own (short lists are shared).
   */
  valuesAt(i: number, handOver = false): (string | number)[] {
    const v = this.values[i];
    if (!Array.isArray(v)) return [v];
    return handOver && v.length >= SHARED_BELOW ? v : v.slice();
  }

  add(field: FieldDef, value: string | number): void {
    const at = this.shape.fields.indexOf(field.index);
    const e = this.values;
    if (at < 0) {
      this.shape = this.shape.with(field.index);
      this.values = grow<Value>(e, value, VALUES_EXACT);
      return;
    }
    const held = e[at];
    if (!Array.isArray(held)) {
      if (held !== value) e[at] = pairList(held, value);
      return;
    }
    const list = held;
    if (list.length >= MAX_VALUES) return;
    if (list.length < SCAN_LIMIT) {
      if (!list.includes(value)) e[at] = extendList(list, value);
      return;
    }
    const seen = (this.more().seen ??= new Map());
    let set = seen.get(field.index);
    if (!set) seen.set(field.index, (set = new Set(list)));
    if (!set.has(value)) {
      set.add(value);
      list.push(value);
    }
  }

  get protocols(): string[] {
    const out = this.firstProtocol ? [this.firstProtocol] : [];
    if (this.rare) for (const p of this.rare.protocols) out.push(p);
    return out;
  }

  private hasProtocol(name: string): boolean {
    return name === this.firstProtocol || (this.rare !== null && this.rare.protocols.includes(name));
  }

  protocol(name: string): void {
    if (this.hasProtocol(name)) return;
    if (!this.firstProtocol) this.firstProtocol = name;
    else {
      const r = this.more();
      r.protocols = grow(r.protocols, name);
    }
  }

  handoff(): void {
    this.more().handoffTries = HANDOFF_TRIES;
  }

  feed(dir: number, buf: Buffer, off: number, len: number): void {
    if (this.handoffTries > 0) this.switchParser(buf, off, len);
    if (SessionApp.tap) SessionApp.tap(this.currentDef, dir, buf.subarray(off, off + len));
    try {
      if (!this.parser.feed(dir, buf, off, len, this) && this.handoffTries === 0) this.done = true;
    } catch {
      // Parsers bound-check; whatever still escapes ends parsing for this session, never the capture.
      this.done = true;
    }
  }

  gap(dir: number): void {
    try {
      this.parser.gap?.(dir);
    } catch {
      this.done = true;
    }
  }

  overLimit(): void {
    this.done = true;
    this.releaseStreams();
  }

  /** Called once, when the session is recorded. */
  finish(): void {
    if (this.done) this.releaseStreams();
    try {
      this.parser.end?.(this);
    } catch {
      // Whatever was found before stays.
    }
  }

  /** After a handoff: a recognised protocol takes over; otherwise the stream stayed in clear. */
  private switchParser(buf: Buffer, off: number, len: number): void {
    const next = classifyContent(this.currentDef.transport, buf, off, len);
    if (!next || this.hasProtocol(next.name)) {
      this.rare!.handoffTries--;
      return;
    }
    this.rare!.handoffTries = 0;
    this.protocol(next.name);
    this.parser = next.create(this.opts);
    this.currentDef = next;
  }
}

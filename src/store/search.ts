// What a search asks of a store, engine-neutral: the routes build these, each store turns them
// into its SQL through the expression compiler and its dialect.
import type { Expr } from '../query/ast.js';
import type { TimeRange } from '../query/dates.js';
import type { SessionDoc } from '../session/record.js';

export interface Search {
  expression?: Expr;
  time?: TimeRange;
  /** Values of the `$shortcuts` the expression names (see Store.shortcutValues). */
  shortcuts?: Map<string, string[]>;
  /** Equality terms on catalogue fields, internal ones too (the system's own lookups). */
  terms?: { field: string; value: string }[];
  /** Only these session ids (exports of selected sessions). */
  ids?: string[];
  /** "Now" for relative dates, epoch ms. */
  now?: number;
}

export interface SortKey {
  field: string;
  desc: boolean;
}

export interface Page {
  fields: string[];
  order: SortKey[];
  start: number;
  length: number;
}

export interface PageResult {
  recordsTotal: number;
  recordsFiltered: number;
  data: SessionDoc[];
}

export interface HistoBucket {
  /** Bucket start, epoch ms. */
  t: number;
  sessions: number;
  packets: number;
  bytes: number;
  databytes: number;
}

export interface ValueCount {
  value: string | number;
  count: number;
}

export interface ValueSeries extends ValueCount {
  /** [bucket start ms, sessions] pairs, buckets with sessions only. */
  series: [number, number][];
}

export interface Connections {
  nodes: { id: string | number; field: 'src' | 'dst' | 'both'; sessions: number; bytes: number; packets: number }[];
  links: { source: string | number; target: string | number; sessions: number; bytes: number; packets: number }[];
}

export interface Shortcut {
  id: number;
  name: string;
  type: 'ip' | 'integer' | 'string';
  values: string[];
  description: string;
  userId: string;
  createdAt: number;
}

export interface HistoryEntry {
  ts: number;
  userId: string;
  route: string;
  expression: string | null;
  query: string;
  records: number | null;
}

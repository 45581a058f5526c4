// The store interface every engine implements: DuckDB (embedded) and ClickHouse (the fleet).
import type { SessionDoc, SessionRecord } from '../session/record.js';
import type { Connections, HistoBucket, HistoryEntry, Page, PageResult, Search, Shortcut, ValueCount, ValueSeries } from './search.js';
import type { UserRow } from './duckdb/meta.js';
import type { FieldDef } from '../fields/types.js';
import type { TableLayout } from './duckdb/shapes.js';
import type { EncodedRows } from './duckdb/row-encoder.js';

export interface FileEntry {
  id: number;
  node: string;
  path: string;
  format: string;
  compression: string;
  linktypes: number[];
  firstPacket: number | null;
  lastPacket: number | null;
  size: number;
  packets: number;
  sha256: string | null;
  fingerprint: string;
  importedAt: number;
  error: string | null;
  /** Held as evidence: retention never deletes it. */
  locked?: boolean;
  /** When retention deleted the file (its sessions stay searchable; their packets are gone). */
  deletedAt?: number | null;
}

/** One stats record of a capture node (every few seconds). */
export interface NodeStats {
  ts: number;
  node: string;
  packets: number;
  bytes: number;
  kbSaved: number;
  sessions: number;
  activeSessions: number;
  freeSpaceMb: number;
  memory: number;
  cpu: number;
  queueBytes: number;
  packetsPerSec: number;
  bytesPerSec: number;
  sessionsPerSec: number;
  kernelDrops: number;
  queueDrops: number;
}

export interface SessionQuery extends Search {
  limit?: number;
  /** Catalogue query names to return; all when absent. */
  fields?: string[];
}

/** A capture node as it registers itself in a shared store (the central viewer's node list). */
export interface NodeInfo {
  name: string;
  /** Its node API, e.g. http://10.0.0.5:8006 ('' when it serves none). */
  url: string;
  version: string;
  startedAt: number;
  lastSeen: number;
  /** Session rows waiting in its spool for the store. */
  spoolBytes: number;
}

export interface Store {
  /** A file id unique in the store; nodes sharing one store draw from their own ranges. */
  nextFileId(node: string): Promise<number>;
  findFile(node: string, fingerprint: string): Promise<FileEntry | null>;
  registerFile(f: FileEntry): Promise<void>;
  completeFile(f: FileEntry): Promise<void>;
  removeSessionsOfFile(fileId: number): Promise<void>;
  getFile(id: number): Promise<FileEntry | null>;
  listFiles(): Promise<FileEntry[]>;
  appendSessions(records: SessionRecord[]): Promise<void>;
  /** Stores that take rows encoded by packet workers say how (their tables and columns)... */
  rowLayout?(): TableLayout[];
  /** ... and take them here. */
  appendEncoded?(e: EncodedRows): Promise<void>;
  /** Everything appended so far reaches the store (searches see it). */
  flush(): Promise<void>;
  /**
   * Called by capture every second while sessions are saved: stores that pay per write (ClickHouse
   * makes a part per insert) may wait for more rows, within their own bound. Absent: `flush`.
   */
  flushSoon?(): Promise<void>;
  querySessions(q: SessionQuery): AsyncGenerator<SessionDoc>;
  getSession(id: string): Promise<SessionDoc | null>;
  close(): Promise<void>;
}

/** What the viewer asks of a store besides ingest: searches, aggregations and its own tables. */
export interface ViewerStore extends Store {
  searchPage(s: Search, page: Page): Promise<PageResult>;
  histogram(s: Search, intervalMs: number): Promise<HistoBucket[]>;
  topValues(s: Search, f: FieldDef, size: number): Promise<ValueCount[]>;
  valueSeries(s: Search, f: FieldDef, size: number, intervalMs: number): Promise<ValueSeries[]>;
  connections(s: Search, src: FieldDef, dst: FieldDef, minConn: number, size: number): Promise<Connections>;
  uniqueValues(s: Search, f: FieldDef, byCount: boolean): AsyncGenerator<ValueCount>;
  /** Matching sessions in first-packet order (exports), streamed. */
  streamSessions(s: Search, fields: string[]): AsyncGenerator<Record<string, unknown>>;
  /** Time span of the matching sessions (histogram intervals for all-time searches). */
  timeSpan(s: Search): Promise<{ first: number; last: number } | null>;
  nodeTotals(): Promise<{ node: string; sessions: number; packets: number; bytes: number }[]>;
  listShortcuts(): Promise<Shortcut[]>;
  shortcutValues(names: string[]): Promise<Map<string, string[]>>;
  createShortcut(s: Omit<Shortcut, 'id' | 'createdAt'>): Promise<Shortcut>;
  updateShortcut(id: number, s: Omit<Shortcut, 'id' | 'createdAt' | 'userId'>): Promise<Shortcut | null>;
  deleteShortcut(id: number): Promise<boolean>;
  changeTags(s: Search, tags: string[], add: boolean): Promise<number>;
  getUser(id: string): Promise<UserRow | null>;
  listUsers(): Promise<Omit<UserRow, 'passwordHash'>[]>;
  putUser(u: UserRow): Promise<void>;
  removeUser(id: string): Promise<boolean>;
  addHistory(h: HistoryEntry): Promise<void>;
  listHistory(limit: number): Promise<HistoryEntry[]>;
  addNodeStats(s: NodeStats): Promise<void>;
  latestNodeStats(): Promise<NodeStats[]>;
  nodeStatsHistory(node: string, sinceMs: number): Promise<NodeStats[]>;
  setFileLocked(id: number, locked: boolean): Promise<boolean>;
  markFileDeleted(id: number, at: number): Promise<void>;
  deleteSessionsBefore(beforeMs: number): Promise<number>;
  registerNode(n: NodeInfo): Promise<void>;
  listNodes(): Promise<NodeInfo[]>;
}

export class StoreLockedError extends Error {}

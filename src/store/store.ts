// The store interface every engine implements (DuckDB embedded now; ClickHouse later).
import type { SessionDoc, SessionRecord } from '../session/record.js';
import type { Expr } from '../query/ast.js';

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
}

export interface SessionQuery {
  /** Conjunction of simple equality terms on catalogue fields. */
  terms: { field: string; value: string }[];
  /** An expression in Arkime's language, ANDed with the terms. */
  expression?: Expr;
  limit?: number;
  /** Catalogue query names to return; all when absent. */
  fields?: string[];
}

export interface Store {
  nextFileId(): Promise<number>;
  findFile(node: string, fingerprint: string): Promise<FileEntry | null>;
  registerFile(f: FileEntry): Promise<void>;
  completeFile(f: FileEntry): Promise<void>;
  removeSessionsOfFile(fileId: number): Promise<void>;
  getFile(id: number): Promise<FileEntry | null>;
  listFiles(): Promise<FileEntry[]>;
  appendSessions(records: SessionRecord[]): Promise<void>;
  flush(): Promise<void>;
  querySessions(q: SessionQuery): AsyncGenerator<SessionDoc>;
  getSession(id: string): Promise<SessionDoc | null>;
  close(): Promise<void>;
}

export class StoreLockedError extends Error {}

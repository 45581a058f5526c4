// What the reader and its packet workers say to each other.
import type { SessionRecord } from '../../session/record.js';
import type { SessionConfig } from '../../session/timeouts.js';
import type { EncodedRows } from '../../store/duckdb/row-encoder.js';
import type { TableLayout } from '../../store/duckdb/shapes.js';

export interface WorkerSetup {
  node: string;
  config: SessionConfig;
  ouiFile?: string;
  /** This worker's share of the stream reassembly memory limit. */
  reassemblyBytes: number;
  /** The reader's field catalogue order (fieldSignature): records are indexed by it. */
  fields: string;
  /** The store's row layout: sessions are sent encoded for it rather than as records. */
  layout?: TableLayout[];
}

export type ToWorker =
  | { t: 'file'; id: number; name: string }
  | { t: 'batch'; ab: ArrayBuffer; len: number }
  | { t: 'finish' }
  /** An arena of encoded rows the store has copied: the worker's next chunk is encoded into it. */
  | { t: 'arena'; ab: ArrayBuffer }
  /** Encode and send the sessions held back for a full chunk (live capture, once a second). */
  | { t: 'emit' };

export type FromWorker =
  | { t: 'done'; ab: ArrayBuffer | null; records: SessionRecord[]; encoded: EncodedRows[]; active: number }
  | { t: 'finished'; records: SessionRecord[]; encoded: EncodedRows[]; active: number; unattached: number; refused: number };

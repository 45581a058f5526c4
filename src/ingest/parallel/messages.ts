// What the reader and its packet workers say to each other.
import type { SessionRecord } from '../../session/record.js';
import type { SessionConfig } from '../../session/timeouts.js';

export interface WorkerSetup {
  node: string;
  config: SessionConfig;
  ouiFile?: string;
  /** This worker's share of the stream reassembly memory limit. */
  reassemblyBytes: number;
  /** The reader's field catalogue order (fieldSignature): records are indexed by it. */
  fields: string;
}

export type ToWorker =
  | { t: 'file'; id: number; name: string }
  | { t: 'batch'; ab: ArrayBuffer; len: number }
  | { t: 'finish' };

export type FromWorker =
  | { t: 'done'; ab: ArrayBuffer; records: SessionRecord[]; active: number }
  | { t: 'finished'; records: SessionRecord[]; active: number; unattached: number; refused: number };

// What import and capture drive: packets in, session records out. One worker runs the pipeline
// on the calling thread; more spread sessions over worker threads by flow hash (parallel/).
import { availableParallelism } from 'node:os';
import type { RawPacket } from '../pcap/raw-packet.js';
import type { SessionRecord } from '../session/record.js';
import { streamMemory } from '../session/stream.js';
import { DEFAULT_SESSION_CONFIG, type SessionConfig } from '../session/timeouts.js';
import { Pipeline, type PipelineStats } from './pipeline.js';
import { ParallelEngine, type QueueStats } from './parallel/parallel-engine.js';
import type { Store } from '../store/store.js';
import type { EncodedRows } from '../store/duckdb/row-encoder.js';
import type { TableLayout } from '../store/duckdb/shapes.js';

export interface PacketEngine {
  readonly stats: PipelineStats;
  /** Records of the file with this id name it so. */
  beginFile(id: number, name: string): void;
  /** Per packet, in arrival order; never throws. */
  packet(p: RawPacket): void;
  /** Waits while the workers hold as much as they may (back-pressure on the reader). */
  settle(): Promise<void>;
  /** Session records completed so far... */
  drain(): SessionRecord[];
  /** ... and those that workers encoded for the store (EngineOptions.layout). */
  drainEncoded(): EncodedRows[];
  /** Gives back the memory of encoded rows the store has copied, for reuse (fresh memory costs page faults). */
  recycle?(e: EncodedRows): void;
  /** A session clock tick from the wall clock (live capture with no traffic). */
  tick(nowUs: number): void;
  /** Ends every session (end of input, or of one file imported alone); the engine stays usable. */
  finish(): Promise<void>;
  /** Sessions open now. */
  readonly active: number;
  readonly workers: number;
  /** Queue depths (parallel engines). */
  readonly queue?: QueueStats;
  /** Packets that belong to no session. */
  readonly unattached: number;
  /** Sessions that stopped parsing at the stream reassembly memory limit. */
  readonly parseRefused: number;
  close(): Promise<void>;
}

export interface EngineOptions {
  node: string;
  config?: SessionConfig;
  /** Packet workers; 1 runs on the calling thread. Default: cores − 1, at least 1. */
  workers?: number;
  /** The store's row layout: workers encode sessions for it, sparing the store's thread. */
  layout?: TableLayout[];
}

export function defaultWorkers(): number {
  return Math.max(1, availableParallelism() - 1);
}

export function createEngine(o: EngineOptions): PacketEngine {
  const n = o.workers ?? defaultWorkers();
  const config = o.config ?? DEFAULT_SESSION_CONFIG;
  return n <= 1 ? new InlineEngine(o.node, config) : new ParallelEngine(o.node, config, n, o.layout);
}

/** Hands what the engine completed to the store; returns the number of sessions. */
export async function storeOutput(engine: PacketEngine, store: Store): Promise<number> {
  const records = engine.drain();
  if (records.length) await store.appendSessions(records);
  let n = records.length;
  for (const e of engine.drainEncoded()) {
    await store.appendEncoded!(e);
    engine.recycle?.(e);
    n += e.sessions;
  }
  return n;
}

class InlineEngine implements PacketEngine {
  private readonly names = new Map<number, string>();
  private readonly pipeline: Pipeline;
  private readonly refusedBefore = streamMemory.refused;
  readonly workers = 1;
  /** Records of the last finish, until drained. */
  private held: SessionRecord[] = [];
  readonly packet: (p: RawPacket) => void;

  constructor(node: string, config: SessionConfig) {
    this.pipeline = new Pipeline({ node, fileName: (id) => this.names.get(id) ?? String(id) }, config);
    this.packet = this.pipeline.packet;
  }

  get stats(): PipelineStats {
    return this.pipeline.stats;
  }

  beginFile(id: number, name: string): void {
    this.names.set(id, name);
    this.pipeline.fileId = id;
  }

  async settle(): Promise<void> {}

  drain(): SessionRecord[] {
    const out = this.held.length ? this.held.concat(this.pipeline.drain()) : this.pipeline.drain();
    this.held = [];
    return out;
  }

  drainEncoded(): EncodedRows[] {
    return [];
  }

  tick(nowUs: number): void {
    this.pipeline.tracker.sweep(nowUs);
  }

  async finish(): Promise<void> {
    this.held = this.held.concat(this.pipeline.finish());
  }

  get active(): number {
    return this.pipeline.tracker.active;
  }

  get unattached(): number {
    return this.pipeline.tracker.unattached;
  }

  get parseRefused(): number {
    return streamMemory.refused - this.refusedBefore;
  }

  async close(): Promise<void> {}
}

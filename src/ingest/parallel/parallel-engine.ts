// N packet workers behind one router. The reader thread decodes to route, copies each frame into
// its worker's batch and transfers full batches; workers transfer them back with the records they
// completed. At most `MAX_IN_FLIGHT` batches per worker are out at once: past that `settle` waits,
// so a slow worker or store slows the reader instead of growing queues.
import { Worker } from 'node:worker_threads';
import type { RawPacket } from '../../pcap/raw-packet.js';
import type { SessionRecord } from '../../session/record.js';
import { streamMemory } from '../../session/stream.js';
import { ouiFile } from '../../session/oui.js';
import { fieldSignature } from '../../fields/catalogue.js';
import type { SessionConfig } from '../../session/timeouts.js';
import type { PipelineStats } from '../frame-stage.js';
import type { PacketEngine } from '../engine.js';
import { BATCH_BYTES, BatchWriter, type Entry } from './batch.js';
import type { FromWorker, ToWorker, WorkerSetup } from './messages.js';
import type { EncodedRows } from '../../store/duckdb/row-encoder.js';
import type { TableLayout } from '../../store/duckdb/shapes.js';
import { Router, type Dispatch } from './router.js';

export const MAX_IN_FLIGHT = 4;
const POOL_MAX = 64;

/** Queue depths over the engine's life: the bound on memory that back-pressure keeps. */
export interface QueueStats {
  maxBatchesInFlight: number;
  /** Sessions completed by workers and not yet taken by the store. */
  maxSessionsWaiting: number;
}

export class ParallelEngine implements PacketEngine, Dispatch {
  private readonly threads: Worker[] = [];
  private readonly writers: (BatchWriter | null)[];
  private readonly inFlight: number[];
  private readonly activeOf: number[];
  private readonly pool: ArrayBuffer[] = [];
  private readonly router: Router;
  private out: SessionRecord[] = [];
  private outEncoded: EncodedRows[] = [];
  private waitingSessions = 0;
  /** A wall-clock tick asked workers to send the sessions they hold back (live capture). */
  private emitWanted = false;
  private waiters: (() => void)[] = [];
  private finished: ((m: FromWorker & { t: 'finished' }) => void)[] = [];
  private failure: Error | null = null;
  private closing = false;
  private unattachedSum = 0;
  private refusedSum = 0;
  private recycled = 0;
  readonly queue: QueueStats = { maxBatchesInFlight: 0, maxSessionsWaiting: 0 };
  readonly packet: (p: RawPacket) => void;
  readonly workers: number;

  constructor(node: string, config: SessionConfig, private readonly n: number, layout?: TableLayout[]) {
    this.workers = n;
    this.writers = new Array(n).fill(null);
    this.inFlight = new Array(n).fill(0);
    this.activeOf = new Array(n).fill(0);
    this.router = new Router(n, config.vlanInKey, this);
    this.packet = this.router.packet;
    const setup: WorkerSetup = { node, config, ouiFile: ouiFile(), reassemblyBytes: Math.floor(streamMemory.limit / n), fields: fieldSignature(), layout };
    for (let w = 0; w < n; w++) {
      // A young generation larger than the default: fewer scavenges copying long-lived sessions.
      const t = new Worker(new URL('./worker.js', import.meta.url), { workerData: setup, resourceLimits: { maxYoungGenerationSizeMb: 96 } });
      t.on('message', (m: FromWorker) => this.received(w, m));
      t.on('error', (e) => this.fail(new Error(`packet worker ${w} failed: ${e.message}`)));
      t.on('exit', (code) => {
        if (code !== 0 && !this.closing) this.fail(new Error(`packet worker ${w} exited with code ${code}`));
      });
      this.threads.push(t);
    }
  }

  get stats(): PipelineStats {
    return this.router.stats;
  }

  get active(): number {
    return this.activeOf.reduce((a, b) => a + b, 0);
  }

  get unattached(): number {
    return this.unattachedSum;
  }

  get parseRefused(): number {
    return this.refusedSum;
  }

  beginFile(id: number, name: string): void {
    this.router.fileId = id;
    for (const t of this.threads) t.postMessage({ t: 'file', id, name } satisfies ToWorker);
  }

  writer(w: number, caplen: number): BatchWriter {
    const cur = this.writers[w];
    if (cur && cur.fits(caplen)) return cur;
    if (cur) this.post(w);
    const need = Math.max(BATCH_BYTES, BatchWriter.bytesFor(caplen));
    const ab = (need === BATCH_BYTES && this.pool.pop()) || new ArrayBuffer(need);
    return (this.writers[w] = new BatchWriter(ab));
  }

  broadcast(kind: Entry, tsUs: number): void {
    for (let w = 0; w < this.n; w++) this.writer(w, 0).event(kind, tsUs);
  }

  private post(w: number): void {
    const b = this.writers[w]!;
    this.writers[w] = null;
    const ab = b.arrayBuffer;
    this.threads[w].postMessage({ t: 'batch', ab, len: b.len } satisfies ToWorker, [ab]);
    this.inFlight[w]++;
    const total = this.inFlight.reduce((a, c) => a + c, 0);
    if (total > this.queue.maxBatchesInFlight) this.queue.maxBatchesInFlight = total;
  }

  private received(w: number, m: FromWorker): void {
    for (const r of m.records) this.out.push(r);
    this.waitingSessions += m.records.length;
    for (const e of m.encoded) {
      this.outEncoded.push(e);
      this.waitingSessions += e.sessions;
    }
    if (this.waitingSessions > this.queue.maxSessionsWaiting) this.queue.maxSessionsWaiting = this.waitingSessions;
    this.activeOf[w] = m.active;
    if (m.t === 'done') {
      // An answer to 'emit' carries no batch.
      if (m.ab) {
        this.inFlight[w]--;
        if (m.ab.byteLength === BATCH_BYTES && this.pool.length < POOL_MAX) this.pool.push(m.ab);
      }
    } else {
      this.unattachedSum += m.unattached;
      this.refusedSum += m.refused;
      this.finished.shift()?.(m);
    }
    this.wake();
  }

  private wake(): void {
    const ws = this.waiters;
    this.waiters = [];
    for (const f of ws) f();
  }

  private fail(e: Error): void {
    this.failure ??= e;
    this.wake();
    for (const f of this.finished.splice(0)) f({ t: 'finished', records: [], encoded: [], active: 0, unattached: 0, refused: 0 });
  }

  private check(): void {
    if (this.failure) throw this.failure;
  }

  /** Sends every partly filled batch. */
  private pump(): void {
    for (let w = 0; w < this.n; w++) if (this.writers[w]?.len) this.post(w);
    if (this.emitWanted) {
      this.emitWanted = false;
      for (const t of this.threads) t.postMessage({ t: 'emit' } satisfies ToWorker);
    }
  }

  async settle(): Promise<void> {
    this.check();
    this.pump();
    while (!this.failure && this.inFlight.some((c) => c > MAX_IN_FLIGHT)) {
      await new Promise<void>((r) => this.waiters.push(r));
    }
    this.check();
  }

  drain(): SessionRecord[] {
    const o = this.out;
    this.out = [];
    this.waitingSessions -= o.length;
    return o;
  }

  drainEncoded(): EncodedRows[] {
    const o = this.outEncoded;
    this.outEncoded = [];
    for (const e of o) this.waitingSessions -= e.sessions;
    return o;
  }

  /** Arenas go back to the workers in turn: each encodes a chunk about as often as the other. */
  recycle(e: EncodedRows): void {
    if (this.closing || this.failure) return;
    const w = this.recycled++ % this.n;
    this.threads[w].postMessage({ t: 'arena', ab: e.arena } satisfies ToWorker, [e.arena]);
  }

  tick(nowUs: number): void {
    this.router.tick(nowUs);
    this.emitWanted = true;
  }

  async finish(): Promise<void> {
    this.check();
    this.router.finishInput();
    this.pump();
    // Each worker answers its batches in order, so its 'finished' comes after all of them.
    this.unattachedSum = 0;
    this.refusedSum = 0;
    const done = this.threads.map((t) => {
      const p = new Promise<unknown>((r) => this.finished.push(r));
      t.postMessage({ t: 'finish' } satisfies ToWorker);
      return p;
    });
    await Promise.all(done);
    this.check();
  }

  async close(): Promise<void> {
    this.closing = true;
    await Promise.all(this.threads.map((t) => t.terminate()));
  }
}

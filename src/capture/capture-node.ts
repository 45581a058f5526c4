// A capture node: each interface's batches (from the libpcap addon's capture thread) are written
// to that interface's rolling files, then read back from the same bytes into the ingest pipeline,
// so live sessions are built exactly as offline ones and point at where their packets were
// written. One async consumer per interface keeps batches in order; its queue is bounded, and a
// batch that does not fit is dropped whole and counted.
import { basename } from 'node:path';
import { createEngine, storeOutput, type PacketEngine } from '../ingest/engine.js';
import type { SessionConfig } from '../session/timeouts.js';
import type { Store } from '../store/store.js';
import { pcapBinding, type LiveHandle, type LiveStats } from './binding.js';
import { RollingWriter, type FsyncPolicy } from './rolling-writer.js';

export interface CaptureOptions {
  interfaces: string[];
  filter?: string;
  dir: string;
  node: string;
  snaplen: number;
  bufferBytes: number;
  maxFileBytes: number;
  maxFileAgeMs: number;
  fsync: FsyncPolicy;
  /** Bytes of batches an interface may hold waiting for the disk and the pipeline. */
  queueBytes: number;
  config: SessionConfig;
  /** Packet workers per interface (1: on the event loop's thread; default cores − 1). */
  workers?: number;
}

interface Iface {
  name: string;
  handle: LiveHandle;
  writer: RollingWriter;
  engine: PacketEngine;
  fileId: number;
  queue: { batch: Buffer; count: number }[];
  queuedBytes: number;
  busy: boolean;
  /** Packets the addon handed over, and those this side dropped (queue full). */
  taken: number;
  queueDropped: number;
  processed: number;
  bytes: number;
}

export interface NodeCounters {
  packets: number;
  bytes: number;
  /** Bytes written to capture files. */
  savedBytes: number;
  sessions: number;
  activeSessions: number;
  kernelDropped: number;
  queueDropped: number;
  queueBytes: number;
  interfaces: (LiveStats & { name: string; processed: number })[];
}

export class CaptureNode {
  private readonly ifaces: Iface[] = [];
  private sessions = 0;
  private timer: NodeJS.Timeout | null = null;
  private failure: Error | null = null;
  private unflushed = false;

  constructor(private readonly store: Store, private readonly o: CaptureOptions) {}

  start(): void {
    const pcap = pcapBinding();
    for (const name of this.o.interfaces) {
      // Batches arrive on the event loop, after this turn: the interface exists by then.
      const index = this.ifaces.length;
      const handle = pcap.open({ device: name, snaplen: this.o.snaplen, promisc: true, bufferSize: this.o.bufferBytes, filter: this.o.filter, batchMs: 100 }, (batch, count) => this.take(this.ifaces[index], batch, count));
      this.ifaces.push({
        name, handle, queue: [], queuedBytes: 0, busy: false, taken: 0, queueDropped: 0, processed: 0, bytes: 0,
        engine: createEngine({ node: this.o.node, config: this.o.config, workers: this.o.workers, layout: this.store.rowLayout?.() }),
        fileId: -1,
        writer: new RollingWriter(this.store, { dir: this.o.dir, node: this.o.node, linktype: handle.linktype, snaplen: this.o.snaplen, maxBytes: this.o.maxFileBytes, maxAgeMs: this.o.maxFileAgeMs, fsync: this.o.fsync }),
      });
    }
    // Live time is wall time: sessions of quiet flows end without waiting for the next packet.
    this.timer = setInterval(() => void this.tick(), 1000);
  }

  private take(i: Iface, batch: Buffer, count: number): void {
    i.taken += count;
    if (i.queuedBytes + batch.length > this.o.queueBytes) {
      i.queueDropped += count;
      return;
    }
    i.queue.push({ batch, count });
    i.queuedBytes += batch.length;
    if (!i.busy) void this.consume(i);
  }

  private async consume(i: Iface): Promise<void> {
    i.busy = true;
    try {
      while (i.queue.length) {
        const { batch, count } = i.queue.shift()!;
        i.queuedBytes -= batch.length;
        const { entry, base, parser } = await i.writer.write(batch, count);
        if (entry.id !== i.fileId) {
          i.fileId = entry.id;
          i.engine.beginFile(entry.id, basename(entry.path));
        }
        let first = -1, last = -1;
        parser.parse(batch, base, (p) => {
          if (first < 0) first = p.tsUs;
          last = p.tsUs;
          i.engine.packet(p);
        });
        if (first >= 0) {
          entry.firstPacket ??= Math.floor(first / 1000);
          entry.lastPacket = Math.floor(last / 1000);
        }
        i.processed += count;
        i.bytes += batch.length - 16 * count;
        await this.save(i);
      }
    } catch (e) {
      // A disk or store failure stops this node: better loud than silently losing packets.
      this.failure = e as Error;
    } finally {
      i.busy = false;
    }
  }

  private async save(i: Iface): Promise<void> {
    await i.engine.settle();
    const n = await storeOutput(i.engine, this.store);
    this.sessions += n;
    if (n) this.unflushed = true;
  }

  private async tick(): Promise<void> {
    const before = this.sessions;
    for (const i of this.ifaces) {
      if (i.busy) continue;
      i.engine.tick(Date.now() * 1000);
      await i.writer.rollIfOld();
      await this.save(i);
    }
    // Saved sessions become durable within a second, not when a chunk of rows fills up.
    if (this.sessions !== before || this.unflushed) await (this.store.flushSoon ? this.store.flushSoon() : this.store.flush());
    this.unflushed = false;
  }

  setRollLimits(maxBytes: number, maxAgeMs: number): void {
    for (const i of this.ifaces) i.writer.setLimits(maxBytes, maxAgeMs);
  }

  /** Ids of the files being written now (retention leaves them alone). */
  writingFiles(): Set<number> {
    return new Set(this.ifaces.map((i) => i.writer.currentFileId()).filter((id): id is number => id !== null));
  }

  error(): Error | null {
    return this.failure;
  }

  counters(): NodeCounters {
    const pcap = pcapBinding();
    const per = this.ifaces.map((i) => ({ name: i.name, processed: i.processed, ...pcap.stats(i.handle) }));
    return {
      packets: this.ifaces.reduce((a, i) => a + i.processed, 0),
      bytes: this.ifaces.reduce((a, i) => a + i.bytes, 0),
      savedBytes: this.ifaces.reduce((a, i) => a + i.bytes + 16 * i.processed, 0),
      sessions: this.sessions,
      activeSessions: this.ifaces.reduce((a, i) => a + i.engine.active, 0),
      kernelDropped: per.reduce((a, s) => a + s.dropped + s.ifDropped, 0),
      queueDropped: per.reduce((a, s) => a + s.queueDropped, 0) + this.ifaces.reduce((a, i) => a + i.queueDropped, 0),
      queueBytes: this.ifaces.reduce((a, i) => a + i.queuedBytes, 0),
      interfaces: per,
    };
  }

  /** Stops capturing, takes every batch still in flight, saves every session and closes the files. */
  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    const pcap = pcapBinding();
    for (const i of this.ifaces) pcap.stop(i.handle);
    // The last batches reach the event loop after the threads stop: wait until all are taken.
    for (const i of this.ifaces) {
      const delivered = () => pcap.stats(i.handle).delivered;
      while (i.taken < delivered() || i.busy || i.queue.length) await new Promise((r) => setTimeout(r, 10));
    }
    for (const i of this.ifaces) {
      await i.engine.finish();
      this.sessions += await storeOutput(i.engine, this.store);
      await i.engine.close();
      await i.writer.roll();
    }
    await this.store.flush();
  }
}

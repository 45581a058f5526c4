// The parallel engine's reader side: decodes each frame just as a worker will (link layers,
// tunnels, fragment reassembly), builds its session key, and hands the frame to the worker that
// owns the key's hash. It also runs the session clock for all workers: each worker sees part of
// the traffic, but sessions must close when the whole stream's time says so, as with one table.
import type { FragmentOrigin } from '../../packet/fragments.js';
import { Result, type Decoded } from '../../packet/decoded.js';
import { FlowTable, KEY_WORDS } from '../../session/flow-table.js';
import { sessionKey } from '../../session/flow-key.js';
import { sweepDue, type PacketMeta } from '../../session/tracker.js';
import { FrameStage } from '../frame-stage.js';
import { BatchWriter, Entry } from './batch.js';

/** Where routed entries go: the engine owns the batches and the threads. */
export interface Dispatch {
  /** The batch of worker `w`, with room for an entry of `caplen` bytes. */
  writer(w: number, caplen: number): BatchWriter;
  /** Appends a clock event to every worker's batch. */
  broadcast(kind: Entry, tsUs: number): void;
}

export class Router extends FrameStage {
  private readonly key = new Uint32Array(KEY_WORDS);
  private lastSweepUs = 0;

  constructor(private readonly workers: number, private readonly vlanInKey: boolean, private readonly out: Dispatch) {
    super(true);
  }

  /** The worker owning the session of the packet in `d`; packets of no session go to worker 0. */
  private owner(d: Decoded, r: Result): number {
    if (!sessionKey(d, r, this.vlanInKey, this.key)) return 0;
    // High bits: each worker's own table indexes by the low bits of the same hash.
    return Math.floor(((FlowTable.hash(this.key) >>> 8) * this.workers) / 0x1000000);
  }

  private clock(tsUs: number): void {
    if (!sweepDue(tsUs, this.lastSweepUs)) return;
    this.lastSweepUs = tsUs;
    this.out.broadcast(Entry.Sweep, tsUs);
  }

  /** A session clock tick not tied to a packet (live capture's wall clock when traffic is idle). */
  tick(tsUs: number): void {
    this.lastSweepUs = tsUs;
    this.out.broadcast(Entry.Sweep, tsUs);
  }

  protected deliver(d: Decoded, r: Result, m: PacketMeta): void {
    const p = this.current!;
    this.out.writer(this.owner(d, r), p.caplen).frame(Entry.Packet, p.data, p.off, p.caplen, p.origlen, p.linktype, m.fileId, m.filePos, m.tsUs);
    this.clock(m.tsUs);
  }

  /** Every frame of the datagram goes to the datagram's worker, which reassembles it again. */
  protected reassembled(origins: FragmentOrigin[]): void {
    const w = this.owner(this.ctx.d, Result.Ip);
    for (const o of origins) this.send(w, Entry.Packet, o);
    this.clock(origins[origins.length - 1].tsUs);
  }

  protected expiredFrame(d: Decoded, r: Result, o: FragmentOrigin): void {
    this.send(this.owner(d, r), Entry.Expired, o);
    this.clock(o.tsUs);
  }

  private send(w: number, kind: Entry, o: FragmentOrigin): void {
    const f = o.frame!;
    this.out.writer(w, f.length).frame(kind, f, 0, f.length, o.frameLen, o.linktype ?? 1, o.fileId, o.filePos, o.tsUs);
  }

  protected restart(): void {
    this.out.broadcast(Entry.Flush, 0);
  }

  /** End of input: held datagrams are given up and routed frame by frame. */
  finishInput(): void {
    this.expireAll();
  }
}

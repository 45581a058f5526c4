// Packet path for one capture stream: raw frame -> layer decoders -> session tracker -> records.
import type { FragmentOrigin } from '../packet/fragments.js';
import { Result, type Decoded } from '../packet/decoded.js';
import { SessionTracker, type PacketMeta } from '../session/tracker.js';
import { sessionRecord, type RecordContext, type SessionRecord } from '../session/record.js';
import type { Session } from '../session/session.js';
import { DEFAULT_SESSION_CONFIG, type SessionConfig } from '../session/timeouts.js';
import { FrameStage } from './frame-stage.js';

export type { PipelineStats } from './frame-stage.js';

export class Pipeline extends FrameStage {
  readonly tracker: SessionTracker;
  /** Records produced and not yet taken by `drain`. */
  private out: SessionRecord[] = [];

  /** `ownClock` false: a parallel engine's worker (see FrameStage). */
  constructor(private readonly rctx: RecordContext, config: SessionConfig = DEFAULT_SESSION_CONFIG, ownClock = true) {
    super(ownClock);
    this.tracker = new SessionTracker((s: Session, final: boolean) => this.out.push(sessionRecord(s, this.rctx, final)), config);
    this.tracker.ownClock = ownClock;
  }

  protected deliver(d: Decoded, r: Result, m: PacketMeta): void {
    this.tracker.add(d, r, m);
  }

  /**
   * A reassembled datagram counts as one packet, as Arkime counts it, sized as the frame that would
   * carry it whole; the positions of every fragment frame are kept so exports hold the real frames.
   */
  protected reassembled(origins: FragmentOrigin[]): void {
    const d = this.ctx.d;
    const first = origins[0];
    const whole = d.buf.length;
    const meta: PacketMeta = { ...first, frameLen: first.frameLen - (first.fragLen ?? 0) + whole, tsUs: origins[origins.length - 1].tsUs };
    this.tracker.add(d, Result.Ip, meta, origins.slice(1));
  }

  protected expiredFrame(d: Decoded, r: Result, o: FragmentOrigin): void {
    this.tracker.add(d, r, o);
  }

  protected restart(): void {
    this.tracker.flush();
  }

  /** A worker's copy of a frame whose datagram the reader gave up on: accounted alone. */
  expiredPacket(o: FragmentOrigin): void {
    this.replay([o]);
  }

  drain(): SessionRecord[] {
    const o = this.out;
    this.out = [];
    return o;
  }

  finish(): SessionRecord[] {
    this.expireAndFlush();
    return this.drain();
  }

  /** Ends every session; their records wait for `drain`. */
  expireAndFlush(): void {
    this.expireAll();
    this.tracker.flush();
  }
}

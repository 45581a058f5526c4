// The decode step every packet path shares: raw frame -> layer decoders -> fragment reassembly.
// What happens to a decoded packet is the subclass's: the pipeline accounts it in its session
// table; the parallel engine's router picks the worker that owns its session.
import { DecodeContext } from '../packet/context.js';
import type { FragmentOrigin } from '../packet/fragments.js';
import { Result, type Decoded } from '../packet/decoded.js';
import { linkDecoder } from '../packet/link.js';
import type { RawPacket } from '../pcap/raw-packet.js';
import type { PacketMeta } from '../session/tracker.js';

export interface PipelineStats {
  packets: number;
  bytes: number;
  corrupt: number;
  nonIp: number;
  unknownLinktype: number;
  fragmentsHeld: number;
  fragmentsUnreassembled: number;
}

export abstract class FrameStage {
  readonly ctx = new DecodeContext();
  readonly stats: PipelineStats = { packets: 0, bytes: 0, corrupt: 0, nonIp: 0, unknownLinktype: 0, fragmentsHeld: 0, fragmentsUnreassembled: 0 };
  protected readonly meta: PacketMeta = { fileId: 0, filePos: 0, caplen: 0, frameLen: 0, tsUs: 0 };
  protected current: RawPacket | null = null;
  private lastLinktype = -1;
  private decode = linkDecoder(1);
  private lastTsUs = 0;
  fileId = 0;

  /**
   * `ownClock` false (a parallel engine's worker): the reader, which sees every packet, decides when
   * the stream restarts and when held fragments expire; the worker gets only the fragments of
   * datagrams that completed, and those that expired as frames to account alone.
   */
  constructor(private readonly ownClock = true) {
    this.ctx.frags.origin = () => {
      const p = this.current!;
      return { ...this.meta, linktype: p.linktype, frame: Buffer.from(p.data.subarray(p.off, p.off + p.caplen)) };
    };
    this.ctx.frags.ownClock = ownClock;
  }

  /** A decoded packet (not a fragment) for the session of `d`. */
  protected abstract deliver(d: Decoded, r: Result, m: PacketMeta): void;
  /** The last fragment completed a datagram (decoded in `ctx.d`); `origins` are its frames in arrival order. */
  protected abstract reassembled(origins: FragmentOrigin[]): void;
  /** A frame of a datagram that never completed, decoded alone. */
  protected abstract expiredFrame(d: Decoded, r: Result, o: FragmentOrigin): void;
  /** The input's time ran backwards at the start of a file: unrelated captures, so every session ends. */
  protected abstract restart(): void;

  /** Entry point per packet: never throws, whatever the bytes. */
  readonly packet = (p: RawPacket): void => {
    const st = this.stats;
    st.packets++;
    st.bytes += p.caplen;
    // Files imported together form one stream, unless time runs backwards (unrelated captures).
    if (this.ownClock && p.index === 1 && p.tsUs < this.lastTsUs) this.restart();
    this.lastTsUs = p.tsUs;
    const m = this.meta;
    m.fileId = this.fileId;
    m.filePos = p.filePos;
    m.caplen = p.caplen;
    m.frameLen = p.origlen;
    m.tsUs = p.tsUs;
    if (p.linktype !== this.lastLinktype) {
      this.lastLinktype = p.linktype;
      this.decode = linkDecoder(p.linktype);
    }
    this.current = p;
    const c = this.ctx;
    const d = c.d;
    d.reset();
    c.tsUs = p.tsUs;
    let r: Result;
    if (!this.decode) {
      st.unknownLinktype++;
      r = Result.NonIp;
    } else {
      try {
        r = this.decode(c, p.data, p.off, p.off + p.caplen);
      } catch {
        // Decoders bound-check; this catches what a hostile packet might still find.
        r = Result.Corrupt;
      }
    }
    if (r === Result.Fragment) {
      st.fragmentsHeld++;
      if (c.frags.expired.length) this.replayExpired();
      return;
    }
    if (r !== Result.Ip && d.tunnels !== 0 && d.ipVersion !== 0 && d.outerIpVersion === 0) {
      // The tunnel's payload is not IP (CDP in ERSPAN, ARP in VXLAN...): the outer IP flow keeps it.
      if (d.ipProto !== 17) {
        d.sport = d.dport = 0;
        d.dataLen = 0;
      }
      r = Result.Ip;
    }
    if (r === Result.Corrupt) st.corrupt++;
    else if (r === Result.NonIp) st.nonIp++;
    const frags = c.frags.completed;
    if (frags.length && d.reassembled) {
      this.reassembled(frags);
      c.frags.completed = [];
    } else this.deliver(d, r, m);
    if (this.ownClock && c.frags.size) c.frags.sweep(p.tsUs);
    if (c.frags.expired.length) this.replayExpired();
  };

  /** Frames of datagrams that never completed are accounted one by one, never dropped. */
  protected replayExpired(): void {
    const c = this.ctx;
    const list = c.frags.expired;
    c.frags.expired = [];
    this.replay(list);
  }

  protected replay(list: FragmentOrigin[]): void {
    const c = this.ctx;
    c.noReassembly = true;
    for (const o of list) {
      const dec = linkDecoder(o.linktype ?? 1);
      const d = c.d;
      d.reset();
      let r = Result.Corrupt;
      try {
        if (dec && o.frame) r = dec(c, o.frame, 0, o.frame.length);
      } catch {
        r = Result.Corrupt;
      }
      this.stats.fragmentsUnreassembled++;
      this.expiredFrame(d, r, o);
    }
    c.noReassembly = false;
  }

  /** Gives up every held datagram (end of input). */
  protected expireAll(): void {
    this.ctx.frags.sweep(0, true);
    this.replayExpired();
  }
}

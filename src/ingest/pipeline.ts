// Packet path for one capture stream: raw frame -> layer decoders -> session tracker -> records.
import { DecodeContext } from '../packet/context.js';
import type { FragmentOrigin } from '../packet/fragments.js';
import { Result } from '../packet/decoded.js';
import { linkDecoder } from '../packet/link.js';
import type { RawPacket } from '../pcap/raw-packet.js';
import { SessionTracker, type PacketMeta } from '../session/tracker.js';
import { sessionRecord, type RecordContext, type SessionRecord } from '../session/record.js';
import type { Session } from '../session/session.js';
import { DEFAULT_SESSION_CONFIG, type SessionConfig } from '../session/timeouts.js';

export interface PipelineStats {
  packets: number;
  bytes: number;
  corrupt: number;
  nonIp: number;
  unknownLinktype: number;
  fragmentsHeld: number;
  fragmentsUnreassembled: number;
}

export class Pipeline {
  readonly ctx = new DecodeContext();
  readonly tracker: SessionTracker;
  readonly stats: PipelineStats = { packets: 0, bytes: 0, corrupt: 0, nonIp: 0, unknownLinktype: 0, fragmentsHeld: 0, fragmentsUnreassembled: 0 };
  /** Records produced and not yet taken by `drain`. */
  private out: SessionRecord[] = [];
  private readonly meta: PacketMeta = { fileId: 0, filePos: 0, caplen: 0, frameLen: 0, tsUs: 0 };
  private lastLinktype = -1;
  private decode = linkDecoder(1);
  private lastTsUs = 0;
  private current: RawPacket | null = null;
  fileId = 0;

  constructor(private readonly rctx: RecordContext, config: SessionConfig = DEFAULT_SESSION_CONFIG) {
    this.tracker = new SessionTracker((s: Session, final: boolean) => this.out.push(sessionRecord(s, this.rctx, final)), config);
    this.ctx.frags.origin = () => {
      const p = this.current!;
      return { ...this.meta, linktype: p.linktype, frame: Buffer.from(p.data.subarray(p.off, p.off + p.caplen)) };
    };
  }

  /** Entry point per packet: never throws, whatever the bytes. */
  readonly packet = (p: RawPacket): void => {
    const st = this.stats;
    st.packets++;
    st.bytes += p.caplen;
    // Files imported together form one stream, unless time runs backwards (unrelated captures).
    if (p.index === 1 && p.tsUs < this.lastTsUs) this.tracker.flush();
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
    if (frags.length && d.reassembled) this.addReassembled(frags);
    else this.tracker.add(d, r, m);
    if (c.frags.size) c.frags.sweep(p.tsUs);
    if (c.frags.expired.length) this.replayExpired();
  };

  /** Frames of datagrams that never completed are accounted one by one, never dropped. */
  private replayExpired(): void {
    const c = this.ctx;
    const list = c.frags.expired;
    c.frags.expired = [];
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
      this.tracker.add(d, r, o);
    }
    c.noReassembly = false;
  }

  /**
   * A reassembled datagram counts as one packet, as Arkime counts it, sized as the frame that would
   * carry it whole; the positions of every fragment frame are kept so exports hold the real frames.
   */
  private addReassembled(origins: FragmentOrigin[]): void {
    const d = this.ctx.d;
    const first = origins[0];
    const whole = d.buf.length;
    const meta: PacketMeta = { ...first, frameLen: first.frameLen - (first.fragLen ?? 0) + whole, tsUs: origins[origins.length - 1].tsUs };
    meta.filePos = first.filePos;
    this.tracker.add(d, Result.Ip, meta, origins.slice(1));
    this.ctx.frags.completed = [];
  }

  drain(): SessionRecord[] {
    const o = this.out;
    this.out = [];
    return o;
  }

  finish(): SessionRecord[] {
    this.ctx.frags.sweep(0, true);
    this.replayExpired();
    this.tracker.flush();
    return this.drain();
  }
}

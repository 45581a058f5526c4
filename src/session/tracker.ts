// The session table: finds or creates the session of each decoded packet, updates its
// counters, and closes sessions on idle timeout, TCP close, or segment limits.
import { Result, type Decoded } from '../packet/decoded.js';
import { FlowTable, KEY_WORDS } from './flow-table.js';
import { Queue, QUEUE_COUNT, Session, TH } from './session.js';
import { pushTo } from './grow.js';
import { DEFAULT_SESSION_CONFIG, queueTimeoutsUs, type SessionConfig } from './timeouts.js';
import { ipToString } from './ip-format.js';
import { feedSctpApp, feedTcpApp, feedUdpApp, newTcpBytes } from './payload.js';
import { seqOpen, seqStart } from './seq-tracker.js';
import { Multi, SessionMore } from './session-more.js';
import { F64_W, I32_W, IP_W, SLOTS } from './slots.js';
import { F64, I32 } from './slot-numbers.js';
import { KeyKind, arpKey, ipKey, keyKind, linkKey } from './flow-key.js';

/** Where the current packet lives, set by the pipeline before `add`. */
export interface PacketMeta {
  fileId: number;
  filePos: number;
  caplen: number;
  frameLen: number;
  tsUs: number;
}

export type SessionSink = (s: Session, final: boolean) => void;


export class SessionTracker {
  private readonly table = new FlowTable<Session>();
  private readonly key = new Uint32Array(KEY_WORDS);
  private readonly heads: (Session | null)[] = new Array(QUEUE_COUNT).fill(null);
  private readonly tails: (Session | null)[] = new Array(QUEUE_COUNT).fill(null);
  private readonly timeouts: Float64Array;
  private lastSweepUs = 0;
  /** Packets that belonged to no session (non-IP other than ARP, or undecodable). */
  unattached = 0;
  sessionsSaved = 0;
  /** False in a parallel engine's worker: sweeps come from the reader (`sweep`). */
  ownClock = true;

  constructor(private readonly sink: SessionSink, readonly config: SessionConfig = DEFAULT_SESSION_CONFIG) {
    this.timeouts = queueTimeoutsUs(config);
  }

  get active(): number {
    return this.table.size;
  }

  /** Accounts one decoded packet. Returns false when it could not be tied to a session. */
  /** `extra`: further frames of the same (reassembled) packet, whose positions are kept too. */
  add(d: Decoded, r: Result, m: PacketMeta, extra?: PacketMeta[]): boolean {
    let ok = false;
    switch (keyKind(d, r)) {
      case KeyKind.Ip: ok = this.addIp(d, m, extra); break;
      case KeyKind.Arp: ok = this.addArp(d, m); break;
      case KeyKind.Link: ok = this.addLink(d, m); break;
      default: this.unattached++;
    }
    // Expiry runs on packet time after the packet was placed, once per second of capture time, as
    // Arkime's does: a flow that is still in the table takes its next packet even after a long gap
    // if no other traffic advanced the clock past its timeout meanwhile.
    // A parallel engine's worker sees part of the traffic: its reader, which sees it all, tells it when to sweep.
    if (this.ownClock && sweepDue(m.tsUs, this.lastSweepUs)) this.sweep(m.tsUs);
    return ok;
  }

  private addIp(d: Decoded, m: PacketMeta, extra?: PacketMeta[]): boolean {
    const proto = d.ipProto;
    const ported = proto === 6 || proto === 17 || proto === 132;
    const sport = ported ? d.sport : 0;
    const dport = ported ? d.dport : 0;
    const k = this.key;
    ipKey(d, this.config.vlanInKey, k);

    let s = this.table.get(k);
    if (s && this.shouldRestart(s, d, m.tsUs)) {
      this.close(s);
      s = undefined;
    }
    if (!s) s = this.create(d, m, sport, dport, proto);

    let dir = 0;
    const ips = SLOTS.ips;
    const at = s.ix * IP_W;
    if (s.srcPort !== sport || s.dstPort !== dport || !sameIp(ips, at, d.src)) dir = 1;
    if (s.srcPort === s.dstPort && sameIp(ips, at, ips, at + 16)) dir = 0;
    if (proto === 6) d.dataLen = newTcpBytes(s, d, dir);
    else if (!countsData(proto)) d.dataLen = 0;
    this.account(s, d, m, dir);
    if (extra) for (const x of extra) s.pushPosition(x.fileId, x.filePos, 16 + x.caplen);
    const parse = this.config.parsers && d.payLen > 0;
    if (proto === 17 && parse && !(s.app?.done ?? s.appTried)) feedUdpApp(s, d, dir, this.config);
    else if (proto === 132 && parse && !(s.app?.done ?? s.appTried)) feedSctpApp(s, d, dir, this.config);
    if (proto === 6) {
      this.tcp(s, d, m, dir);
      if (parse && !(s.app?.done ?? s.appTried)) feedTcpApp(s, d, dir, this.config);
    } else if (proto === 1 || proto === 58) {
      s.addValue(Multi.IcmpType, d.icmpType);
      s.addValue(Multi.IcmpCode, d.icmpCode);
    }
    this.touch(s);
    // Like Arkime's tcpSaveTimeout, the age limit applies to TCP; every protocol has the packet limit.
    if (s.packets >= this.config.maxPackets || (proto === 6 && m.tsUs >= SLOTS.f64[s.ix * F64_W + F64.saveAtUs])) this.midSave(s, m.tsUs);
    return true;
  }

  private shouldRestart(s: Session, d: Decoded, now: number): boolean {
    const lastUs = SLOTS.f64[s.ix * F64_W + F64.lastUs];
    // A closed connection stays closed: late packets past the closing timeout start a new session.
    if (s.queue === Queue.TcpClosing && now - lastUs > this.timeouts[Queue.TcpClosing]) return true;
    // A fresh SYN starts a new connection on reused ports once the old one is closing (with a new ISN,
    // unlike a retransmitted SYN) or has been idle past its timeout.
    if ((d.tcpFlags & (TH.SYN | TH.ACK)) === TH.SYN && s.proto === 6) {
      if (s.queue === Queue.TcpClosing && d.tcpSeq !== SLOTS.f64[s.ix * F64_W + F64.tcpSeqSrc]) return true;
      if (now - lastUs > this.timeouts[s.queue]) return true;
    }
    return false;
  }

  private create(d: Decoded, m: PacketMeta, sport: number, dport: number, proto: number): Session {
    const s = new Session();
    s.ipVersion = d.ipVersion;
    s.proto = proto;
    s.ethertype = d.ethertype;
    // A SYN-ACK seen first means we missed the SYN: the receiver of the SYN-ACK initiated. Joining
    // mid-stream without a SYN, the lower port is taken for the server's, as Arkime does.
    const synFlags = d.tcpFlags & (TH.SYN | TH.ACK);
    const reverse = proto === 6 && (synFlags === (TH.SYN | TH.ACK) || ((d.tcpFlags & TH.SYN) === 0 && sport < dport));
    if (reverse) {
      SLOTS.ips.set(d.dst, s.ix * IP_W);
      SLOTS.ips.set(d.src, s.ix * IP_W + 16);
      s.srcPort = dport;
      s.dstPort = sport;
    } else {
      SLOTS.ips.set(d.src, s.ix * IP_W);
      SLOTS.ips.set(d.dst, s.ix * IP_W + 16);
      s.srcPort = sport;
      s.dstPort = dport;
    }
    s.queue = queueFor(proto);
    s.firstUs = m.tsUs;
    s.lastUs = m.tsUs;
    s.saveAtUs = m.tsUs + this.config.saveTimeout * 1e6;
    this.table.insert(this.key, s);
    this.enqueue(s);
    return s;
  }

  private account(s: Session, d: Decoded, m: PacketMeta, dir: number): void {
    // Numbers straight in SLOTS (see slot-numbers.ts); a value list is called only for a value that
    // differs from its first, so no double is boxed on the way.
    const f = SLOTS.f64;
    const b = s.ix * F64_W;
    // lastPacket is the latest packet's time, as Arkime records it, even if the clock stepped back.
    f[b + F64.lastUs] = m.tsUs;
    const ttl = d.ipVersion !== 0 ? d.ttl : -1;
    const firstTtl = s.ix * I32_W + (dir === 0 ? I32.firstTtlSrc : I32.firstTtlDst);
    if (dir === 0) {
      s.packetsSrc++;
      f[b + F64.bytesSrc] += m.frameLen;
      f[b + F64.dataSrc] += d.dataLen;
    } else {
      s.packetsDst++;
      f[b + F64.bytesDst] += m.frameLen;
      f[b + F64.dataDst] += d.dataLen;
    }
    if (ttl >= 0 && SLOTS.i32[firstTtl] !== ttl) s.addValue(dir === 0 ? Multi.TtlSrc : Multi.TtlDst, ttl, 8);
    if (d.hasMac) {
      // The session's source MAC is the packet's destination MAC on the way back.
      const src = dir === 0 ? d.macSrc : d.macDst;
      const dst = dir === 0 ? d.macDst : d.macSrc;
      if (f[b + F64.firstMacSrc] !== src) s.addValue(Multi.MacSrc, src);
      if (f[b + F64.firstMacDst] !== dst) s.addValue(Multi.MacDst, dst);
    }
    for (let i = 0; i < d.vlanCount; i++) s.addValue(Multi.Vlan, d.vlans[i]);
    if (d.vni >= 0) s.addValue(Multi.Vni, d.vni);
    s.tunnels |= d.tunnels;
    // Outer headers are recorded as each packet carries them, not turned to the session's
    // direction: Arkime does so, and both tunnel endpoints then show in both lists.
    if (d.outerIpVersion !== 0) {
      const more = (s.more ??= new SessionMore());
      if (more.outerIpSrc.length < 4) {
        more.outerIpSrc = pushTo(more.outerIpSrc, ipToString(d.outerIpVersion, d.outerSrc), Infinity);
        more.outerIpDst = pushTo(more.outerIpDst, ipToString(d.outerIpVersion, d.outerDst), Infinity);
      }
    }
    if (d.hasOuterMac) {
      s.addValue(Multi.OuterMacSrc, d.outerMacSrc);
      s.addValue(Multi.OuterMacDst, d.outerMacDst);
    }
    s.pushPosition(m.fileId, m.filePos, 16 + m.caplen);
  }

  private tcp(s: Session, d: Decoded, m: PacketMeta, dir: number): void {
    const f = d.tcpFlags;
    const n = SLOTS.f64;
    const b = s.ix * F64_W;
    if (f & TH.SYN) {
      if (f & TH.ACK) {
        s.synAckCnt++;
        if (n[b + F64.tcpSeqDst] < 0) n[b + F64.tcpSeqDst] = d.tcpSeq;
        // The SYN-ACK acknowledges the initiator's ISN: its stream start is known even if the SYN was missed.
        if (seqStart(s, 1 - dir) < 0) seqOpen(s, 1 - dir, d.tcpAck);
        if (n[b + F64.synAckUs] < 0) n[b + F64.synAckUs] = m.tsUs;
      } else {
        s.synCnt++;
        if (n[b + F64.tcpSeqSrc] < 0) n[b + F64.tcpSeqSrc] = d.tcpSeq;
        if (n[b + F64.synUs] < 0) n[b + F64.synUs] = m.tsUs;
      }
    } else if ((f & (TH.FIN | TH.SYN | TH.RST | TH.PSH | TH.ACK)) === TH.ACK) {
      s.ackCnt++;
      if (s.initRttMs < 0 && n[b + F64.synUs] >= 0 && n[b + F64.synAckUs] >= 0 && dir === 0) {
        s.initRttMs = Math.floor((m.tsUs - n[b + F64.synUs]) / 2000);
      }
    }
    if (f & TH.PSH) s.pshCnt++;
    if (f & TH.FIN) s.finCnt++;
    if (f & TH.RST) s.rstCnt++;
    if (f & TH.URG) s.urgCnt++;
    if (f & TH.ECE) s.eceCnt++;
    if (f & TH.CWR) s.cwrCnt++;
    if (f & TH.AE) s.aeCnt++;
    if (d.tcpWin === 0 && !(f & TH.RST)) {
      if (dir === 0) s.srcZero++;
      else s.dstZero++;
    }
    if (f & TH.FIN) s.finDirs |= 1 << dir;
    if (s.queue !== Queue.TcpClosing && (f & TH.RST || s.finDirs === 3)) {
      this.dequeue(s);
      s.queue = Queue.TcpClosing;
      this.enqueue(s);
    }
  }

  private addArp(d: Decoded, m: PacketMeta): boolean {
    return arpKey(d, this.key) ? this.addL2Session(d, m, 'arp') : this.addLink(d, m);
  }

  private addLink(d: Decoded, m: PacketMeta): boolean {
    linkKey(d, this.key);
    let name = 'unknown-ether';
    if (d.ethertype === 0x88cc) name = 'lldp';
    else if (d.ethertype < 0x0600) {
      const ctl = d.buf.length > d.ipOff + 2 ? d.buf[d.ipOff + 2] : 0;
      name = (ctl & 0xef) === 0xaf ? 'xid' : 'corrupt-ether';
    }
    return this.addL2Session(d, m, name);
  }

  private addL2Session(d: Decoded, m: PacketMeta, name: string): boolean {
    const k = this.key;
    let s = this.table.get(k);
    if (!s) {
      s = new Session();
      s.ethertype = d.ethertype;
      s.l2Proto = name;
      s.queue = Queue.Other;
      s.firstUs = s.lastUs = m.tsUs;
      s.saveAtUs = m.tsUs + this.config.saveTimeout * 1e6;
      this.table.insert(k, s);
      this.enqueue(s);
    }
    // Arkime counts every frame of a non-IP session on the source side.
    this.account(s, d, m, 0);
    this.touch(s);
    if (s.packets >= this.config.maxPackets) this.midSave(s, m.tsUs);
    return true;
  }

  private touch(s: Session): void {
    if (s.qNext === null && (s.qPrev === null || lastUsOf(s.qPrev) <= lastUsOf(s))) return;
    this.dequeue(s);
    this.enqueue(s);
  }

  /**
   * Queues stay in order of last-packet time even when capture time steps back, so a sweep closes
   * exactly the sessions idle past their timeout, whatever else shares the table: a parallel
   * engine's workers, each holding part of the sessions, then close the same ones as one table.
   * In time order this is an append; a step back walks from the tail (bounded, for clock jumps).
   */
  private enqueue(s: Session): void {
    const q = s.queue;
    let after = this.tails[q];
    const last = lastUsOf(s);
    for (let n = 0; after && lastUsOf(after) > last && n < MAX_REORDER_WALK; n++) after = after.qPrev;
    s.qPrev = after;
    s.qNext = after ? after.qNext : this.heads[q];
    if (s.qNext) s.qNext.qPrev = s;
    else this.tails[q] = s;
    if (after) after.qNext = s;
    else this.heads[q] = s;
  }

  private dequeue(s: Session): void {
    const q = s.queue;
    if (s.qPrev) s.qPrev.qNext = s.qNext;
    else this.heads[q] = s.qNext;
    if (s.qNext) s.qNext.qPrev = s.qPrev;
    else this.tails[q] = s.qPrev;
    s.qPrev = s.qNext = null;
  }

  /** Closes every session idle past its protocol's timeout at packet time `now`. */
  sweep(now: number): void {
    this.lastSweepUs = now;
    for (let q = 0; q < QUEUE_COUNT; q++) {
      const limit = this.timeouts[q];
      let s = this.heads[q];
      while (s && now - lastUsOf(s) > limit) {
        const next = s.qNext;
        this.close(s);
        s = next;
      }
    }
  }

  private midSave(s: Session, now: number): void {
    this.sink(s, false);
    this.sessionsSaved++;
    s.resetSegment();
    s.saveAtUs = now + this.config.saveTimeout * 1e6;
  }

  private close(s: Session): void {
    this.dequeue(s);
    this.table.remove(s);
    if (s.packets > 0) {
      this.sink(s, true);
      this.sessionsSaved++;
    }
    // The record is built: its place in SLOTS goes to the next session.
    s.release();
  }

  /** End of input: every open session is saved, oldest first. */
  flush(): void {
    for (let q = 0; q < QUEUE_COUNT; q++) {
      while (this.heads[q]) this.close(this.heads[q]!);
    }
  }
}

/** Payload is counted for the transports Arkime counts it for; other IP protocols carry none. */
/** Sessions a packet from the past may pass on its way back through a queue (see enqueue). */
const MAX_REORDER_WALK = 4096;

/** The table's clock ticks once per second of packet time, or when time runs backwards. */
export function sweepDue(nowUs: number, lastSweepUs: number): boolean {
  return nowUs - lastSweepUs >= 1e6 || nowUs < lastSweepUs;
}

function lastUsOf(s: Session): number {
  return SLOTS.f64[s.ix * F64_W + F64.lastUs];
}

function countsData(proto: number): boolean {
  return proto === 17 || proto === 1 || proto === 58 || proto === 132 || proto === 50;
}

function queueFor(proto: number): Queue {
  switch (proto) {
    case 6: return Queue.Tcp;
    case 17: return Queue.Udp;
    case 1:
    case 58: return Queue.Icmp;
    case 132: return Queue.Sctp;
    case 50: return Queue.Esp;
    default: return Queue.Other;
  }
}

function sameIp(a: Uint8Array, ao: number, b: Uint8Array, bo = 0): boolean {
  for (let i = 0; i < 16; i++) if (a[ao + i] !== b[bo + i]) return false;
  return true;
}

// The session table: finds or creates the session of each decoded packet, updates its
// counters, and closes sessions on idle timeout, TCP close, or segment limits.
import { Result, type Decoded } from '../packet/decoded.js';
import { FlowTable, KEY_WORDS } from './flow-table.js';
import { Queue, QUEUE_COUNT, Session, TH, pushUnique } from './session.js';
import { DEFAULT_SESSION_CONFIG, queueTimeoutsUs, type SessionConfig } from './timeouts.js';
import { ipToString } from './ip-format.js';

/** Where the current packet lives, set by the pipeline before `add`. */
export interface PacketMeta {
  fileId: number;
  filePos: number;
  caplen: number;
  frameLen: number;
  tsUs: number;
}

export type SessionSink = (s: Session, final: boolean) => void;

const ETH_ARP = 0x0806;

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

  constructor(private readonly sink: SessionSink, readonly config: SessionConfig = DEFAULT_SESSION_CONFIG) {
    this.timeouts = queueTimeoutsUs(config);
  }

  get active(): number {
    return this.table.size;
  }

  /** Accounts one decoded packet. Returns false when it could not be tied to a session. */
  add(d: Decoded, r: Result, m: PacketMeta): boolean {
    if (m.tsUs - this.lastSweepUs >= 1e6 || m.tsUs < this.lastSweepUs) this.sweep(m.tsUs);
    if (r === Result.Ip) return this.addIp(d, m);
    if (r === Result.NonIp && d.ethertype === ETH_ARP) return this.addArp(d, m);
    this.unattached++;
    return false;
  }

  private addIp(d: Decoded, m: PacketMeta): boolean {
    const proto = d.ipProto;
    const ported = proto === 6 || proto === 17 || proto === 132;
    const sport = ported ? d.sport : 0;
    const dport = ported ? d.dport : 0;
    const k = this.key;
    const vlan = this.config.vlanInKey && d.vlanCount > 0 ? d.vlans[d.vlanCount - 1] + 1 : 0;
    // Canonical order: the smaller (address, port) end goes first so both directions share a key.
    let cmp = 0;
    for (let i = 0; i < 16 && cmp === 0; i++) cmp = d.src[i] - d.dst[i];
    if (cmp === 0) cmp = sport - dport;
    const a = cmp <= 0 ? d.src : d.dst;
    const b = cmp <= 0 ? d.dst : d.src;
    k[0] = (d.ipVersion << 28) | (proto << 16) | vlan;
    for (let w = 0; w < 4; w++) {
      const o = w * 4;
      k[1 + w] = ((a[o] << 24) | (a[o + 1] << 16) | (a[o + 2] << 8) | a[o + 3]) >>> 0;
      k[5 + w] = ((b[o] << 24) | (b[o + 1] << 16) | (b[o + 2] << 8) | b[o + 3]) >>> 0;
    }
    k[9] = cmp <= 0 ? ((sport << 16) | dport) >>> 0 : ((dport << 16) | sport) >>> 0;

    let s = this.table.get(k);
    if (s && this.shouldRestart(s, d, m)) {
      this.close(s);
      s = undefined;
    }
    if (!s) s = this.create(d, m, sport, dport, proto);
    else if (m.tsUs - s.firstUs >= this.config.saveTimeout * 1e6 && s.firstUs >= 0) this.midSave(s);

    let dir = 0;
    if (s.srcPort !== sport || s.dstPort !== dport || !sameIp(s.srcIp, d.src)) dir = 1;
    if (s.srcPort === s.dstPort && sameIp(s.srcIp, s.dstIp)) dir = 0;
    this.account(s, d, m, dir);
    if (proto === 6) this.tcp(s, d, m, dir);
    else if (proto === 1 || proto === 58) {
      pushUnique(s.icmpType, d.icmpType);
      pushUnique(s.icmpCode, d.icmpCode);
    }
    this.touch(s, m.tsUs);
    if (s.packets >= this.config.maxPackets) this.midSave(s);
    return true;
  }

  private shouldRestart(s: Session, d: Decoded, m: PacketMeta): boolean {
    if (m.tsUs - s.lastUs > this.timeouts[s.queue]) return true;
    // A fresh SYN on a closing connection with a new ISN starts a new session (port reuse).
    if (s.queue === Queue.TcpClosing && (d.tcpFlags & (TH.SYN | TH.ACK)) === TH.SYN && d.tcpSeq !== s.tcpSeqSrc) return true;
    return false;
  }

  private create(d: Decoded, m: PacketMeta, sport: number, dport: number, proto: number): Session {
    const s = new Session();
    s.ipVersion = d.ipVersion;
    s.proto = proto;
    s.ethertype = d.ethertype;
    // A SYN-ACK seen first means we missed the SYN: the receiver of the SYN-ACK initiated.
    const reverse = proto === 6 && (d.tcpFlags & (TH.SYN | TH.ACK)) === (TH.SYN | TH.ACK);
    if (reverse) {
      s.srcIp.set(d.dst);
      s.dstIp.set(d.src);
      s.srcPort = dport;
      s.dstPort = sport;
    } else {
      s.srcIp.set(d.src);
      s.dstIp.set(d.dst);
      s.srcPort = sport;
      s.dstPort = dport;
    }
    s.queue = queueFor(proto);
    s.firstUs = m.tsUs;
    s.lastUs = m.tsUs;
    this.table.insert(this.key, s);
    this.enqueue(s);
    return s;
  }

  private account(s: Session, d: Decoded, m: PacketMeta, dir: number): void {
    if (s.firstUs < 0) s.firstUs = m.tsUs;
    if (m.tsUs > s.lastUs) s.lastUs = m.tsUs;
    if (dir === 0) {
      s.packetsSrc++;
      s.bytesSrc += m.frameLen;
      s.dataSrc += d.dataLen;
      if (s.ttlSrc.length < 8) pushUnique(s.ttlSrc, d.ttl);
      if (d.hasMac) {
        pushUnique(s.macSrc, d.macSrc);
        pushUnique(s.macDst, d.macDst);
      }
    } else {
      s.packetsDst++;
      s.bytesDst += m.frameLen;
      s.dataDst += d.dataLen;
      if (s.ttlDst.length < 8) pushUnique(s.ttlDst, d.ttl);
      if (d.hasMac) {
        pushUnique(s.macSrc, d.macDst);
        pushUnique(s.macDst, d.macSrc);
      }
    }
    for (let i = 0; i < d.vlanCount; i++) pushUnique(s.vlans, d.vlans[i]);
    if (d.vni >= 0) pushUnique(s.vnis, d.vni);
    s.tunnels |= d.tunnels;
    if (d.outerIpVersion !== 0 && s.outerIpSrc.length < 4) {
      const os = ipToString(d.outerIpVersion, dir === 0 ? d.outerSrc : d.outerDst);
      const od = ipToString(d.outerIpVersion, dir === 0 ? d.outerDst : d.outerSrc);
      if (!s.outerIpSrc.includes(os)) s.outerIpSrc.push(os);
      if (!s.outerIpDst.includes(od)) s.outerIpDst.push(od);
    }
    if (d.hasOuterMac) {
      pushUnique(s.outerMacSrc, dir === 0 ? d.outerMacSrc : d.outerMacDst);
      pushUnique(s.outerMacDst, dir === 0 ? d.outerMacDst : d.outerMacSrc);
    }
    s.pushPosition(m.fileId, m.filePos, 16 + m.caplen);
  }

  private tcp(s: Session, d: Decoded, m: PacketMeta, dir: number): void {
    const f = d.tcpFlags;
    if (f & TH.SYN) {
      if (f & TH.ACK) {
        s.synAckCnt++;
        if (s.tcpSeqDst < 0) s.tcpSeqDst = d.tcpSeq;
        if (s.synAckUs < 0) s.synAckUs = m.tsUs;
      } else {
        s.synCnt++;
        if (s.tcpSeqSrc < 0) s.tcpSeqSrc = d.tcpSeq;
        if (s.synUs < 0) s.synUs = m.tsUs;
      }
    } else if ((f & TH.ACK) && d.dataLen === 0 && !(f & (TH.FIN | TH.RST | TH.PSH))) {
      s.ackCnt++;
      if (s.initRttMs < 0 && s.synUs >= 0 && s.synAckUs >= 0 && dir === 0) {
        s.initRttMs = Math.round((m.tsUs - s.synUs) / 2000);
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
    const buf = d.buf;
    const o = d.ipOff;
    if (buf.length - o < 28 || buf.readUInt16BE(o + 2) !== 0x0800 || buf[o + 4] !== 6 || buf[o + 5] !== 4) {
      this.unattached++;
      return false;
    }
    const spa = buf.readUInt32BE(o + 14);
    const tpa = buf.readUInt32BE(o + 24);
    const k = this.key;
    k.fill(0);
    k[0] = (0xf << 28) | ETH_ARP;
    k[1] = Math.min(spa, tpa);
    k[2] = Math.max(spa, tpa);
    let s = this.table.get(k);
    if (s && m.tsUs - s.lastUs > this.timeouts[s.queue]) {
      this.close(s);
      s = undefined;
    }
    if (!s) {
      s = new Session();
      s.ethertype = ETH_ARP;
      s.l2Proto = 'arp';
      s.queue = Queue.Other;
      s.firstUs = s.lastUs = m.tsUs;
      this.table.insert(k, s);
      this.enqueue(s);
    }
    // Arkime counts every ARP frame on the source side.
    this.account(s, d, m, 0);
    this.touch(s, m.tsUs);
    return true;
  }

  private touch(s: Session, ts: number): void {
    if (s.qNext === null) return;
    this.dequeue(s);
    this.enqueue(s);
    if (ts > s.lastUs) s.lastUs = ts;
  }

  private enqueue(s: Session): void {
    const q = s.queue;
    s.qPrev = this.tails[q];
    s.qNext = null;
    if (this.tails[q]) this.tails[q]!.qNext = s;
    else this.heads[q] = s;
    this.tails[q] = s;
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
      while (s && now - s.lastUs > limit) {
        const next = s.qNext;
        this.close(s);
        s = next;
      }
    }
  }

  private midSave(s: Session): void {
    this.sink(s, false);
    this.sessionsSaved++;
    s.resetSegment();
  }

  private close(s: Session): void {
    this.dequeue(s);
    this.table.remove(s);
    if (s.packets > 0) {
      this.sink(s, true);
      this.sessionsSaved++;
    }
  }

  /** End of input: every open session is saved, oldest first. */
  flush(): void {
    for (let q = 0; q < QUEUE_COUNT; q++) {
      while (this.heads[q]) this.close(this.heads[q]!);
    }
  }
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

function sameIp(a: Uint8Array, b: Uint8Array): boolean {
  for (let i = 0; i < 16; i++) if (a[i] !== b[i]) return false;
  return true;
}

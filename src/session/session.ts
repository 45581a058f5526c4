import type { SeqTracker } from './seq-tracker.js';
import type { SessionApp } from '../protocols/session-app.js';

// One bidirectional flow (or one segment of a long one). Allocated once per session; every
// per-packet update is arithmetic on its fields and typed arrays.
export const enum Queue {
  Tcp = 0,
  Udp = 1,
  Icmp = 2,
  Sctp = 3,
  Esp = 4,
  Other = 5,
  TcpClosing = 6,
}
export const QUEUE_COUNT = 7;

/** TCP flag bits as in the header (AE = former NS bit, shifted to bit 8). */
export const TH = { FIN: 0x01, SYN: 0x02, RST: 0x04, PSH: 0x08, ACK: 0x10, URG: 0x20, ECE: 0x40, CWR: 0x80, AE: 0x100 } as const;

export class Session {
  slot = -1;
  queue: Queue = Queue.Other;
  qPrev: Session | null = null;
  qNext: Session | null = null;

  ipVersion = 0;
  proto = 0;
  /** Source address at 0, destination at 16 (IPv4: first 4 bytes of each): one on-heap array. */
  readonly ips = new Uint8Array(32);
  srcPort = 0;
  dstPort = 0;
  ethertype = 0;
  /** Name of a non-IP session's protocol (arp, ...), empty for IP sessions. */
  l2Proto = '';
  /** Application protocol state: null until classified; `appTried` once classification ran. */
  app: SessionApp | null = null;
  appTried = false;
  classifyTries = 0;

  segment = 1;
  rootId = '';
  firstUs = 0;
  lastUs = 0;
  /** Packet time at which the current segment is saved and a linked one begins. */
  saveAtUs = 0;

  packetsSrc = 0;
  packetsDst = 0;
  bytesSrc = 0;
  bytesDst = 0;
  dataSrc = 0;
  dataDst = 0;

  macSrc: number[] = [];
  macDst: number[] = [];
  // Lists most sessions never fill share one empty array until their first value (see pushTo).
  outerMacSrc: number[] = NONE;
  outerMacDst: number[] = NONE;
  outerIpSrc: string[] = NONE_S;
  outerIpDst: string[] = NONE_S;
  ttlSrc: number[] = [];
  ttlDst: number[] = [];
  vlans: number[] = NONE;
  vnis: number[] = NONE;
  icmpType: number[] = NONE;
  icmpCode: number[] = NONE;
  tunnels = 0;

  // TCP.
  synCnt = 0;
  synAckCnt = 0;
  ackCnt = 0;
  pshCnt = 0;
  finCnt = 0;
  rstCnt = 0;
  urgCnt = 0;
  eceCnt = 0;
  cwrCnt = 0;
  aeCnt = 0;
  srcZero = 0;
  dstZero = 0;
  tcpSeqSrc = -1;
  tcpSeqDst = -1;
  synUs = -1;
  synAckUs = -1;
  initRttMs = -1;
  finDirs = 0;
  /** Per-direction byte accounting, created once the direction's stream start is known. */
  seqSrc: SeqTracker | null = null;
  seqDst: SeqTracker | null = null;

  // Packet positions, Arkime style: a negative entry -fileId marks a change of file. Eight fit in
  // V8's on-heap typed arrays (≤ 64 bytes), which need no separate backing store.
  pos = new Float64Array(8);
  len = new Int32Array(8);
  posCount = 0;
  lastFileId = 0;
  fileIds: number[] = [];

  pushPosition(fileId: number, filePos: number, recLen: number): void {
    if (fileId !== this.lastFileId) {
      this.append(-fileId, 0);
      this.lastFileId = fileId;
      if (!this.fileIds.includes(fileId)) this.fileIds.push(fileId);
    }
    this.append(filePos, recLen);
  }

  private append(p: number, l: number): void {
    if (this.posCount === this.pos.length) {
      const np = new Float64Array(this.pos.length * 2);
      np.set(this.pos);
      this.pos = np;
      const nl = new Int32Array(this.len.length * 2);
      nl.set(this.len);
      this.len = nl;
    }
    this.pos[this.posCount] = p;
    this.len[this.posCount++] = l;
  }

  get srcIp(): Uint8Array {
    return this.ips.subarray(0, 16);
  }

  get dstIp(): Uint8Array {
    return this.ips.subarray(16, 32);
  }

  get packets(): number {
    return this.packetsSrc + this.packetsDst;
  }

  /**
   * Starts a new segment of a long session. As in Arkime, only the counters of packets and bytes
   * and the packet positions restart; firstPacket, flag counts and value lists carry over.
   */
  resetSegment(): void {
    this.segment++;
    this.packetsSrc = this.packetsDst = 0;
    this.bytesSrc = this.bytesDst = 0;
    this.dataSrc = this.dataDst = 0;
    this.posCount = 0;
    this.lastFileId = 0;
    this.fileIds = [];
  }
}

const NONE: number[] = [];
const NONE_S: string[] = [];

/** `pushUnique` for the shared-empty lists: returns the list to keep (a new one on the first value). */
export function pushTo<T>(list: T[], v: T, max = 64): T[] {
  if (list.length === 0) return list === NONE || list === NONE_S ? [v] : (list.push(v), list);
  if (list.includes(v) || list.length >= max) return list;
  list.push(v);
  return list;
}

export function pushUnique(list: number[], v: number, max = 64): void {
  for (let i = 0; i < list.length; i++) if (list[i] === v) return;
  if (list.length < max) list.push(v);
}

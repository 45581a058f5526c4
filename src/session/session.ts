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

  macSrc: number[] = NONE;
  macDst: number[] = NONE;
  // Lists start as one shared empty array; the first value makes a one-element array (an empty
  // array's first push reserves 17 slots, and most of these lists only ever hold one value).
  // `pushTo` returns the list to keep.
  outerMacSrc: number[] = NONE;
  outerMacDst: number[] = NONE;
  outerIpSrc: string[] = NONE_S;
  outerIpDst: string[] = NONE_S;
  ttlSrc: number[] = NONE;
  ttlDst: number[] = NONE;
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

  // Packet positions, Arkime style, as (position, record length) pairs in one plain array (typed
  // arrays cost ~250 bytes each before their first element): a negative position -fileId marks a
  // change of file, with length 0.
  positions: number[] = NONE;
  lastFileId = 0;
  fileIds: number[] = NONE;

  pushPosition(fileId: number, filePos: number, recLen: number): void {
    if (fileId !== this.lastFileId) {
      this.append(-fileId, 0);
      this.lastFileId = fileId;
      this.fileIds = pushTo(this.fileIds, fileId, Infinity);
    }
    this.append(filePos, recLen);
  }

  private append(p: number, l: number): void {
    if (this.positions === NONE) this.positions = [p, l];
    else this.positions.push(p, l);
  }

  get posCount(): number {
    return this.positions.length >> 1;
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
    this.positions = NONE;
    this.lastFileId = 0;
    this.fileIds = NONE;
  }
}

const NONE: number[] = [];
const NONE_S: string[] = [];

/** Adds `v` unless present or the list holds `max`; returns the list to keep (a new one on the first value). */
export function pushTo<T>(list: T[], v: T, max = 64): T[] {
  if (list.length === 0) return list === NONE || list === NONE_S ? [v] : (list.push(v), list);
  if (list.includes(v) || list.length >= max) return list;
  list.push(v);
  return list;
}

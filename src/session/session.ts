import type { SeqTracker } from './seq-tracker.js';
import type { SessionApp } from '../protocols/session-app.js';
import { IP_W, SLOTS } from './slots.js';
import { SlotNumbers } from './slot-numbers.js';

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

/** The numbers (times, counters, ports, TCP state) live in `SLOTS` at `ix`; see slot-numbers.ts. */
export class Session extends SlotNumbers {
  slot = -1;
  queue: Queue = Queue.Other;
  qPrev: Session | null = null;
  qNext: Session | null = null;

  /** Name of a non-IP session's protocol (arp, ...), empty for IP sessions. */
  l2Proto = '';
  /** Application protocol state: null until classified; `appTried` once classification ran. */
  app: SessionApp | null = null;
  appTried = false;

  rootId = '';

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

  // TCP.
  /** Per-direction byte accounting, created once the direction's stream start is known. */
  seqSrc: SeqTracker | null = null;
  seqDst: SeqTracker | null = null;

  // Packet positions, Arkime style, as (position, record length) pairs in one plain array (typed
  // arrays cost ~250 bytes each before their first element): a negative position -fileId marks a
  // change of file, with length 0.
  positions: number[] = NONE;
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
    this.positions = growPair(this.positions, p, l);
  }

  get posCount(): number {
    return this.positions.length >> 1;
  }

  get srcIp(): Uint8Array {
    return SLOTS.ips.slice(this.ix * IP_W, this.ix * IP_W + 16);
  }

  get dstIp(): Uint8Array {
    return SLOTS.ips.slice(this.ix * IP_W + 16, this.ix * IP_W + 32);
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
  if (list.includes(v) || list.length >= max) return list;
  return grow(list, v);
}

/** Below this length a list grows by copying to the exact size: `push` would reserve 17 more slots. */
const EXACT_GROWTH = 8;

/** Appends `v`; returns the list to keep (a copy one longer while the list is short). */
export function grow<T>(list: T[], v: T, exactBelow = EXACT_GROWTH): T[] {
  if (list.length >= exactBelow) {
    list.push(v);
    return list;
  }
  // Literals for the common lengths make packed arrays (a sized `new Array` makes a holey one).
  switch (list.length) {
    case 0: return [v];
    case 1: return [list[0], v];
    case 2: return [list[0], list[1], v];
    case 3: return [list[0], list[1], list[2], v];
  }
  const next = new Array<T>(list.length + 1);
  for (let i = 0; i < list.length; i++) next[i] = list[i];
  next[list.length] = v;
  return next;
}

/** Appends `a` and `b` as `grow` appends one value. */
export function growPair<T>(list: T[], a: T, b: T, exactBelow = EXACT_GROWTH): T[] {
  const n = list.length;
  if (n >= exactBelow) {
    list.push(a, b);
    return list;
  }
  switch (n) {
    case 0: return [a, b];
    case 2: return [list[0], list[1], a, b];
    case 4: return [list[0], list[1], list[2], list[3], a, b];
  }
  const next = new Array<T>(n + 2);
  for (let i = 0; i < n; i++) next[i] = list[i];
  next[n] = a;
  next[n + 1] = b;
  return next;
}

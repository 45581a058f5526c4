import type { SessionApp } from '../protocols/session-app.js';
import { F64_W, I32_W, IP_W, SLOTS } from './slots.js';
import { F64, I32, SlotNumbers } from './slot-numbers.js';
import { F64_FIRSTS, FIRSTS, Multi, SessionMore } from './session-more.js';
import { pushTo } from './grow.js';
import { addFileSwitch, addPosition } from './positions.js';

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
  qPrev: Session | null = null;
  qNext: Session | null = null;
  /** Application protocol state: null until classified; `appTried` (1) once classification ran. */
  app: SessionApp | null = null;
  /** Packet positions, one number each (positions.ts); a plain array, as typed arrays cost ~250 bytes each before their first element. */
  positions: number[] = NONE;
  /** The rarer lists and state (session-more.ts); null while the session needs none. */
  more: SessionMore | null = null;

  /**
   * Adds `v` to list `k` unless present or the list holds `max`. A list's first value (those below
   * FIRSTS) sits in SLOTS: most sessions see one MAC pair and one TTL per side, and then no array.
   */
  addValue(k: Multi, v: number, max = 64): void {
    if (k < FIRSTS) {
      const first = this.firstOf(k);
      if (first === v) return;
      if (first === -1) {
        if (k < F64_FIRSTS) SLOTS.f64[this.ix * F64_W + F64.firstMacSrc + k] = v;
        else SLOTS.i32[this.ix * I32_W + I32.firstTtlSrc + k - F64_FIRSTS] = v;
        return;
      }
      max--;
    }
    const m = (this.more ??= new SessionMore());
    m.lists[k] = pushTo(m.lists[k], v, max);
  }

  /** List `k`'s values, first seen first, as a new array. */
  values(k: Multi): number[] {
    const rest = this.more ? this.more.lists[k] : NONE;
    const first = this.firstOf(k);
    if (first === -1) return rest.slice();
    const out = [first];
    for (const v of rest) out.push(v);
    return out;
  }

  /** The first value of list `k`, or `otherwise`. */
  firstValue(k: Multi, otherwise: number): number {
    const first = this.firstOf(k);
    if (first !== -1) return first;
    const rest = this.more ? this.more.lists[k] : NONE;
    return rest.length ? rest[0] : otherwise;
  }

  /** List `k`'s first value as kept in SLOTS; -1 for none, and for the lists kept whole in `more`. */
  private firstOf(k: Multi): number {
    if (k < F64_FIRSTS) return SLOTS.f64[this.ix * F64_W + F64.firstMacSrc + k];
    if (k < FIRSTS) return SLOTS.i32[this.ix * I32_W + I32.firstTtlSrc + k - F64_FIRSTS];
    return -1;
  }

  /** The id of the session's first segment, once a segment was saved ('' before). */
  get rootId(): string {
    return this.more ? this.more.rootId : '';
  }

  set rootId(id: string) {
    (this.more ??= new SessionMore()).rootId = id;
  }

  /** Name of a non-IP session's protocol (arp, ...), empty for IP sessions. */
  get l2Proto(): string {
    return this.more ? this.more.l2Proto : '';
  }

  set l2Proto(name: string) {
    (this.more ??= new SessionMore()).l2Proto = name;
  }

  pushPosition(fileId: number, filePos: number, recLen: number): void {
    if (fileId !== this.lastFileId) {
      // The segment's first file is `firstFileId`: only later switches are written.
      if (this.lastFileId !== 0) this.positions = addFileSwitch(this.positions, fileId);
      this.lastFileId = fileId;
      this.addValue(Multi.FileId, fileId, Infinity);
    }
    this.positions = addPosition(this.positions, filePos, recLen);
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
    this.firstFileId = -1;
    if (this.more) this.more.lists[Multi.FileId] = NONE;
  }
}

const NONE: number[] = [];

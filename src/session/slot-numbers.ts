// A session's numbers (times, counters, ports, TCP state), kept in SLOTS at the session's place
// `ix`. The accessors are written out, each with its constant offset, so that V8 can inline them
// like plain field loads; where its inlining budget runs out (large per-packet functions) the code
// indexes the arrays by the offsets below instead. The lists in slots.ts are the source: this file
// follows their order (slots.test.ts checks every accessor against its place).
import { F64_W, I32_W, SLOTS, U16_W, U8_W } from './slots.js';

/** Offsets of each number within its session's part of SLOTS.f64 / SLOTS.i32, for the per-packet
 * code that reads and writes the arrays directly: an accessor V8 does not inline boxes each double
 * it passes (16 bytes of garbage per call). */
export const enum F64 {
  firstUs = 0,
  lastUs = 1,
  saveAtUs = 2,
  bytesSrc = 3,
  bytesDst = 4,
  dataSrc = 5,
  dataDst = 6,
  tcpSeqSrc = 7,
  tcpSeqDst = 8,
  synUs = 9,
  synAckUs = 10,
  firstMacSrc = 11,
  firstMacDst = 12,
  firstFileId = 13,
  seqBaseSrc = 14,
  seqBaseDst = 15,
  seqNextSrc = 16,
  seqNextDst = 17,
  lastFileId = 18,
}
export const enum I32 {
  segment = 0,
  packetsSrc = 1,
  packetsDst = 2,
  synCnt = 3,
  synAckCnt = 4,
  ackCnt = 5,
  pshCnt = 6,
  finCnt = 7,
  rstCnt = 8,
  urgCnt = 9,
  eceCnt = 10,
  cwrCnt = 11,
  aeCnt = 12,
  srcZero = 13,
  dstZero = 14,
  slot = 15,
  initRttMs = 16,
  firstTtlSrc = 17,
  firstTtlDst = 18,
  firstVlan = 19,
}

export class SlotNumbers {
  /** This session's place in SLOTS; -1 once released. */
  ix = SLOTS.take();
  get firstUs(): number { return SLOTS.f64[this.ix * F64_W + 0]; }
  set firstUs(v: number) { SLOTS.f64[this.ix * F64_W + 0] = v; }
  get lastUs(): number { return SLOTS.f64[this.ix * F64_W + 1]; }
  set lastUs(v: number) { SLOTS.f64[this.ix * F64_W + 1] = v; }
  get saveAtUs(): number { return SLOTS.f64[this.ix * F64_W + 2]; }
  set saveAtUs(v: number) { SLOTS.f64[this.ix * F64_W + 2] = v; }
  get bytesSrc(): number { return SLOTS.f64[this.ix * F64_W + 3]; }
  set bytesSrc(v: number) { SLOTS.f64[this.ix * F64_W + 3] = v; }
  get bytesDst(): number { return SLOTS.f64[this.ix * F64_W + 4]; }
  set bytesDst(v: number) { SLOTS.f64[this.ix * F64_W + 4] = v; }
  get dataSrc(): number { return SLOTS.f64[this.ix * F64_W + 5]; }
  set dataSrc(v: number) { SLOTS.f64[this.ix * F64_W + 5] = v; }
  get dataDst(): number { return SLOTS.f64[this.ix * F64_W + 6]; }
  set dataDst(v: number) { SLOTS.f64[this.ix * F64_W + 6] = v; }
  get tcpSeqSrc(): number { return SLOTS.f64[this.ix * F64_W + 7]; }
  set tcpSeqSrc(v: number) { SLOTS.f64[this.ix * F64_W + 7] = v; }
  get tcpSeqDst(): number { return SLOTS.f64[this.ix * F64_W + 8]; }
  set tcpSeqDst(v: number) { SLOTS.f64[this.ix * F64_W + 8] = v; }
  get synUs(): number { return SLOTS.f64[this.ix * F64_W + 9]; }
  set synUs(v: number) { SLOTS.f64[this.ix * F64_W + 9] = v; }
  get synAckUs(): number { return SLOTS.f64[this.ix * F64_W + 10]; }
  set synAckUs(v: number) { SLOTS.f64[this.ix * F64_W + 10] = v; }
  get firstMacSrc(): number { return SLOTS.f64[this.ix * F64_W + 11]; }
  set firstMacSrc(v: number) { SLOTS.f64[this.ix * F64_W + 11] = v; }
  get firstMacDst(): number { return SLOTS.f64[this.ix * F64_W + 12]; }
  set firstMacDst(v: number) { SLOTS.f64[this.ix * F64_W + 12] = v; }
  get firstFileId(): number { return SLOTS.f64[this.ix * F64_W + 13]; }
  set firstFileId(v: number) { SLOTS.f64[this.ix * F64_W + 13] = v; }
  get seqBaseSrc(): number { return SLOTS.f64[this.ix * F64_W + 14]; }
  set seqBaseSrc(v: number) { SLOTS.f64[this.ix * F64_W + 14] = v; }
  get seqBaseDst(): number { return SLOTS.f64[this.ix * F64_W + 15]; }
  set seqBaseDst(v: number) { SLOTS.f64[this.ix * F64_W + 15] = v; }
  get seqNextSrc(): number { return SLOTS.f64[this.ix * F64_W + 16]; }
  set seqNextSrc(v: number) { SLOTS.f64[this.ix * F64_W + 16] = v; }
  get seqNextDst(): number { return SLOTS.f64[this.ix * F64_W + 17]; }
  set seqNextDst(v: number) { SLOTS.f64[this.ix * F64_W + 17] = v; }
  get lastFileId(): number { return SLOTS.f64[this.ix * F64_W + 18]; }
  set lastFileId(v: number) { SLOTS.f64[this.ix * F64_W + 18] = v; }
  get segment(): number { return SLOTS.i32[this.ix * I32_W + 0]; }
  set segment(v: number) { SLOTS.i32[this.ix * I32_W + 0] = v; }
  get packetsSrc(): number { return SLOTS.i32[this.ix * I32_W + 1]; }
  set packetsSrc(v: number) { SLOTS.i32[this.ix * I32_W + 1] = v; }
  get packetsDst(): number { return SLOTS.i32[this.ix * I32_W + 2]; }
  set packetsDst(v: number) { SLOTS.i32[this.ix * I32_W + 2] = v; }
  get synCnt(): number { return SLOTS.i32[this.ix * I32_W + 3]; }
  set synCnt(v: number) { SLOTS.i32[this.ix * I32_W + 3] = v; }
  get synAckCnt(): number { return SLOTS.i32[this.ix * I32_W + 4]; }
  set synAckCnt(v: number) { SLOTS.i32[this.ix * I32_W + 4] = v; }
  get ackCnt(): number { return SLOTS.i32[this.ix * I32_W + 5]; }
  set ackCnt(v: number) { SLOTS.i32[this.ix * I32_W + 5] = v; }
  get pshCnt(): number { return SLOTS.i32[this.ix * I32_W + 6]; }
  set pshCnt(v: number) { SLOTS.i32[this.ix * I32_W + 6] = v; }
  get finCnt(): number { return SLOTS.i32[this.ix * I32_W + 7]; }
  set finCnt(v: number) { SLOTS.i32[this.ix * I32_W + 7] = v; }
  get rstCnt(): number { return SLOTS.i32[this.ix * I32_W + 8]; }
  set rstCnt(v: number) { SLOTS.i32[this.ix * I32_W + 8] = v; }
  get urgCnt(): number { return SLOTS.i32[this.ix * I32_W + 9]; }
  set urgCnt(v: number) { SLOTS.i32[this.ix * I32_W + 9] = v; }
  get eceCnt(): number { return SLOTS.i32[this.ix * I32_W + 10]; }
  set eceCnt(v: number) { SLOTS.i32[this.ix * I32_W + 10] = v; }
  get cwrCnt(): number { return SLOTS.i32[this.ix * I32_W + 11]; }
  set cwrCnt(v: number) { SLOTS.i32[this.ix * I32_W + 11] = v; }
  get aeCnt(): number { return SLOTS.i32[this.ix * I32_W + 12]; }
  set aeCnt(v: number) { SLOTS.i32[this.ix * I32_W + 12] = v; }
  get srcZero(): number { return SLOTS.i32[this.ix * I32_W + 13]; }
  set srcZero(v: number) { SLOTS.i32[this.ix * I32_W + 13] = v; }
  get dstZero(): number { return SLOTS.i32[this.ix * I32_W + 14]; }
  set dstZero(v: number) { SLOTS.i32[this.ix * I32_W + 14] = v; }
  get slot(): number { return SLOTS.i32[this.ix * I32_W + 15]; }
  set slot(v: number) { SLOTS.i32[this.ix * I32_W + 15] = v; }
  get initRttMs(): number { return SLOTS.i32[this.ix * I32_W + 16]; }
  set initRttMs(v: number) { SLOTS.i32[this.ix * I32_W + 16] = v; }
  get firstTtlSrc(): number { return SLOTS.i32[this.ix * I32_W + 17]; }
  set firstTtlSrc(v: number) { SLOTS.i32[this.ix * I32_W + 17] = v; }
  get firstTtlDst(): number { return SLOTS.i32[this.ix * I32_W + 18]; }
  set firstTtlDst(v: number) { SLOTS.i32[this.ix * I32_W + 18] = v; }
  get firstVlan(): number { return SLOTS.i32[this.ix * I32_W + 19]; }
  set firstVlan(v: number) { SLOTS.i32[this.ix * I32_W + 19] = v; }
  get srcPort(): number { return SLOTS.u16[this.ix * U16_W + 0]; }
  set srcPort(v: number) { SLOTS.u16[this.ix * U16_W + 0] = v; }
  get dstPort(): number { return SLOTS.u16[this.ix * U16_W + 1]; }
  set dstPort(v: number) { SLOTS.u16[this.ix * U16_W + 1] = v; }
  get ethertype(): number { return SLOTS.u16[this.ix * U16_W + 2]; }
  set ethertype(v: number) { SLOTS.u16[this.ix * U16_W + 2] = v; }
  get tunnels(): number { return SLOTS.u16[this.ix * U16_W + 3]; }
  set tunnels(v: number) { SLOTS.u16[this.ix * U16_W + 3] = v; }
  get ipVersion(): number { return SLOTS.u8[this.ix * U8_W + 0]; }
  set ipVersion(v: number) { SLOTS.u8[this.ix * U8_W + 0] = v; }
  get proto(): number { return SLOTS.u8[this.ix * U8_W + 1]; }
  set proto(v: number) { SLOTS.u8[this.ix * U8_W + 1] = v; }
  get classifyTries(): number { return SLOTS.u8[this.ix * U8_W + 2]; }
  set classifyTries(v: number) { SLOTS.u8[this.ix * U8_W + 2] = v; }
  get finDirs(): number { return SLOTS.u8[this.ix * U8_W + 3]; }
  set finDirs(v: number) { SLOTS.u8[this.ix * U8_W + 3] = v; }
  get queue(): number { return SLOTS.u8[this.ix * U8_W + 4]; }
  set queue(v: number) { SLOTS.u8[this.ix * U8_W + 4] = v; }
  get appTried(): number { return SLOTS.u8[this.ix * U8_W + 5]; }
  set appTried(v: number) { SLOTS.u8[this.ix * U8_W + 5] = v; }

  /** Gives the place back (the session's record is built; nothing reads it after). */
  release(): void {
    if (this.ix >= 0) SLOTS.give(this.ix);
    this.ix = -1;
  }
}

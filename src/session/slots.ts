// The numbers of the live sessions, in typed arrays: one stable place per session, taken when it
// starts and given back once its record is built. In Node 20 (no pointer compression) a field of
// a JS object costs 8 bytes and a double 24 (boxed), a Uint8Array of its own ~240; in these arrays
// a number costs 1 to 8 bytes, as its range needs, and the 32 address bytes cost 32.

/** In the order of slot-numbers.ts' offsets (slots.test.ts holds them to it). */
export const F64_FIELDS = [
  'firstUs', 'lastUs', 'saveAtUs', 'bytesSrc', 'bytesDst', 'dataSrc', 'dataDst', 'tcpSeqSrc', 'tcpSeqDst', 'synUs', 'synAckUs',
  // The first value of each list in `Multi` below F64_FIRSTS (-1: none); see Session.addValue.
  'firstMacSrc', 'firstMacDst', 'firstFileId',
  // Per direction, where its stream starts (-1: not known yet) and up to where it is contiguous; see seq-tracker.ts.
  'seqBaseSrc', 'seqBaseDst', 'seqNextSrc', 'seqNextDst',
  // File ids reach 2^52 (ClickHouse stores give each node a range).
  'lastFileId',
] as const;
export const I32_FIELDS = [
  'segment', 'packetsSrc', 'packetsDst', 'synCnt', 'synAckCnt', 'ackCnt', 'pshCnt', 'finCnt', 'rstCnt', 'urgCnt', 'eceCnt', 'cwrCnt', 'aeCnt',
  'srcZero', 'dstZero', 'slot', 'initRttMs',
  // The first value of the lists in `Multi` from F64_FIRSTS to FIRSTS (-1: none).
  'firstTtlSrc', 'firstTtlDst', 'firstVlan',
] as const;
export const U16_FIELDS = ['srcPort', 'dstPort', 'ethertype', 'tunnels'] as const;
export const U8_FIELDS = ['ipVersion', 'proto', 'classifyTries', 'finDirs', 'queue', 'appTried'] as const;

export const F64_W = F64_FIELDS.length;
export const I32_W = I32_FIELDS.length;
export const U16_W = U16_FIELDS.length;
export const U8_W = U8_FIELDS.length;
export const IP_W = 32;
/** Values a new session starts with where they are not 0. */
const F64_START = new Float64Array(F64_W).fill(0);
const I32_START = new Int32Array(I32_W).fill(0);
const U8_START = new Uint8Array(U8_W).fill(0);
for (const f of ['tcpSeqSrc', 'tcpSeqDst', 'synUs', 'synAckUs', 'firstMacSrc', 'firstMacDst', 'firstFileId', 'seqBaseSrc', 'seqBaseDst'] as const) {
  F64_START[F64_FIELDS.indexOf(f)] = -1;
}
for (const f of ['slot', 'initRttMs', 'firstTtlSrc', 'firstTtlDst', 'firstVlan'] as const) I32_START[I32_FIELDS.indexOf(f)] = -1;
I32_START[I32_FIELDS.indexOf('segment')] = 1;
/** Queue.Other (session.ts): a session that was never queued. */
U8_START[U8_FIELDS.indexOf('queue')] = 5;

type Column = Float64Array | Int32Array | Uint16Array | Uint8Array;

export class SessionSlots {
  private cap = 1024;
  f64 = new Float64Array(this.cap * F64_W);
  i32 = new Int32Array(this.cap * I32_W);
  u16 = new Uint16Array(this.cap * U16_W);
  u8 = new Uint8Array(this.cap * U8_W);
  /** Source address at ix*32, destination at ix*32+16 (IPv4: the first 4 bytes of each). */
  ips = new Uint8Array(this.cap * IP_W);
  private free = new Int32Array(this.cap);
  private freeCount = 0;
  private used = 0;

  take(): number {
    let ix: number;
    if (this.freeCount > 0) ix = this.free[--this.freeCount];
    else {
      if (this.used === this.cap) this.grow();
      ix = this.used++;
    }
    this.f64.set(F64_START, ix * F64_W);
    this.i32.set(I32_START, ix * I32_W);
    this.u16.fill(0, ix * U16_W, ix * U16_W + U16_W);
    this.u8.set(U8_START, ix * U8_W);
    this.ips.fill(0, ix * IP_W, ix * IP_W + IP_W);
    return ix;
  }

  give(ix: number): void {
    this.free[this.freeCount++] = ix;
  }

  private grow(): void {
    const cap = this.cap * 2;
    this.f64 = widened(this.f64, new Float64Array(cap * F64_W));
    this.i32 = widened(this.i32, new Int32Array(cap * I32_W));
    this.u16 = widened(this.u16, new Uint16Array(cap * U16_W));
    this.u8 = widened(this.u8, new Uint8Array(cap * U8_W));
    this.ips = widened(this.ips, new Uint8Array(cap * IP_W));
    this.free = widened(this.free, new Int32Array(cap));
    this.cap = cap;
  }
}

function widened<T extends Column>(from: T, to: T): T {
  to.set(from);
  return to;
}

/** One per thread: every session table of a thread shares it. */
export const SLOTS = new SessionSlots();

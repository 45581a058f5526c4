// The numbers of the live sessions, in typed arrays: one stable place per session, taken when it
// starts and given back once its record is built. In Node 20 (no pointer compression) a field of
// a JS object costs 8 bytes and a double 24 (boxed), a Uint8Array of its own ~240; in these arrays
// a number costs 4 or 8 bytes and the 32 address bytes cost 32.

/** In the order of slot-numbers.ts' offsets (slots.test.ts holds them to it). */
export const F64_FIELDS = [
  'firstUs', 'lastUs', 'saveAtUs', 'bytesSrc', 'bytesDst', 'dataSrc', 'dataDst', 'tcpSeqSrc', 'tcpSeqDst', 'synUs', 'synAckUs', 'initRttMs',
  // The first value of each list in `Multi` below FIRSTS (-1: none); see Session.addValue.
  'firstMacSrc', 'firstMacDst', 'firstTtlSrc', 'firstTtlDst', 'firstVlan', 'firstFileId',
  // Per direction, where its stream starts (-1: not known yet) and up to where it is contiguous; see seq-tracker.ts.
  'seqBaseSrc', 'seqBaseDst', 'seqNextSrc', 'seqNextDst',
  // File ids reach 2^52 (ClickHouse stores give each node a range).
  'lastFileId',
] as const;
export const I32_FIELDS = [
  'ipVersion', 'proto', 'srcPort', 'dstPort', 'ethertype', 'classifyTries', 'segment', 'packetsSrc', 'packetsDst', 'tunnels',
  'synCnt', 'synAckCnt', 'ackCnt', 'pshCnt', 'finCnt', 'rstCnt', 'urgCnt', 'eceCnt', 'cwrCnt', 'aeCnt', 'srcZero', 'dstZero', 'finDirs',
  'slot', 'queue', 'appTried',
] as const;

/** Offsets within a session's f64 numbers, for code that picks one by direction or list. */
export const F64_FIRST = F64_FIELDS.indexOf('firstMacSrc');
export const F64_SEQ_BASE = F64_FIELDS.indexOf('seqBaseSrc');
export const F64_SEQ_NEXT = F64_FIELDS.indexOf('seqNextSrc');

export const F64_W = F64_FIELDS.length;
export const I32_W = I32_FIELDS.length;
export const IP_W = 32;
/** Values a new session starts with where they are not 0. */
const F64_START = new Float64Array(F64_W).fill(0);
const I32_START = new Int32Array(I32_W).fill(0);
for (const f of ['tcpSeqSrc', 'tcpSeqDst', 'synUs', 'synAckUs', 'initRttMs', 'seqBaseSrc', 'seqBaseDst'] as const) F64_START[F64_FIELDS.indexOf(f)] = -1;
for (let k = F64_FIRST; k < F64_SEQ_BASE; k++) F64_START[k] = -1;
I32_START[I32_FIELDS.indexOf('segment')] = 1;
I32_START[I32_FIELDS.indexOf('slot')] = -1;
/** Queue.Other (session.ts): a session that was never queued. */
I32_START[I32_FIELDS.indexOf('queue')] = 5;

export class SessionSlots {
  private cap = 1024;
  f64 = new Float64Array(this.cap * F64_W);
  i32 = new Int32Array(this.cap * I32_W);
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
    this.ips.fill(0, ix * IP_W, ix * IP_W + IP_W);
    return ix;
  }

  give(ix: number): void {
    this.free[this.freeCount++] = ix;
  }

  private grow(): void {
    const cap = this.cap * 2;
    const f64 = new Float64Array(cap * F64_W);
    f64.set(this.f64);
    const i32 = new Int32Array(cap * I32_W);
    i32.set(this.i32);
    const ips = new Uint8Array(cap * IP_W);
    ips.set(this.ips);
    const free = new Int32Array(cap);
    free.set(this.free);
    this.cap = cap;
    this.f64 = f64;
    this.i32 = i32;
    this.ips = ips;
    this.free = free;
  }
}

/** One per thread: every session table of a thread shares it. */
export const SLOTS = new SessionSlots();


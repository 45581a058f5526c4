// pcapng: a sequence of blocks; SHB starts a section (byte order), IDBs define interfaces,
// EPB/SPB/PB carry packets. Unknown blocks and options we do not need are skipped.
import { CaptureFormatError, MAX_RECORD, RawPacket, type FormatParser } from './raw-packet.js';

export const PCAPNG_SHB = 0x0a0d0d0a;
const BYTE_ORDER_MAGIC = 0x1a2b3c4d;
const MAX_BLOCK = 64 << 20;

interface Iface {
  linktype: number;
  /** Timestamp units per second is 10^exp10 when pow2 is false, 2^exp when true. */
  exp: number;
  pow2: boolean;
  offsetSec: number;
}

export class PcapngParser implements FormatParser {
  readonly format = 'pcapng' as const;
  private le = true;
  private inSection = false;
  private ifaces: Iface[] = [];
  private allLinktypes = new Set<number>();
  private lastTsUs = 0;
  private count = 0;
  private readonly pkt = new RawPacket();

  linktypes(): number[] {
    return [...this.allLinktypes];
  }

  private u32(b: Buffer, o: number): number {
    return this.le ? b.readUInt32LE(o) : b.readUInt32BE(o);
  }
  private u16(b: Buffer, o: number): number {
    return this.le ? b.readUInt16LE(o) : b.readUInt16BE(o);
  }

  parse(buf: Buffer, base: number, emit: (p: RawPacket) => void): number {
    let pos = 0;
    while (buf.length - pos >= 12) {
      const typeLE = buf.readUInt32LE(pos);
      if (typeLE === PCAPNG_SHB) {
        const bom = buf.readUInt32LE(pos + 8);
        if (bom === BYTE_ORDER_MAGIC) this.le = true;
        else if (buf.readUInt32BE(pos + 8) === BYTE_ORDER_MAGIC) this.le = false;
        else throw new CaptureFormatError('section header with bad byte-order magic', base + pos);
      } else if (!this.inSection) {
        throw new CaptureFormatError('not a pcapng file (no section header block)', base + pos);
      }
      const type = this.u32(buf, pos);
      const len = this.u32(buf, pos + 4);
      if (len < 12 || len % 4 !== 0 || len > MAX_BLOCK) throw new CaptureFormatError(`block length ${len} is invalid`, base + pos);
      if (buf.length - pos < len) break;
      if (this.u32(buf, pos + len - 4) !== len) throw new CaptureFormatError('block trailer length does not match its header', base + pos);
      this.block(type, buf, pos, len, base, emit);
      pos += len;
    }
    return pos;
  }

  private block(type: number, buf: Buffer, pos: number, len: number, base: number, emit: (p: RawPacket) => void): void {
    switch (type) {
      case PCAPNG_SHB:
        this.inSection = true;
        this.ifaces = [];
        return;
      case 1:
        return this.idb(buf, pos, len, base);
      case 6:
      case 2: {
        // EPB: if(4) tsHi(4) tsLo(4) cap(4) orig(4); obsolete PB: if(2) drops(2) then the same.
        if (len < 32) throw new CaptureFormatError('packet block too short', base + pos);
        const ifId = type === 6 ? this.u32(buf, pos + 8) : this.u16(buf, pos + 8);
        const iface = this.ifaces[ifId];
        if (!iface) throw new CaptureFormatError(`packet block names undefined interface ${ifId}`, base + pos);
        const cap = this.u32(buf, pos + 20);
        if (cap > len - 32 || cap > MAX_RECORD) throw new CaptureFormatError(`captured length ${cap} exceeds its block`, base + pos);
        this.lastTsUs = toMicros(this.u32(buf, pos + 12), this.u32(buf, pos + 16), iface);
        return this.emitPacket(buf, pos + 28, cap, this.u32(buf, pos + 24), iface.linktype, base + pos, len, emit);
      }
      case 3: {
        const iface = this.ifaces[0];
        if (!iface) throw new CaptureFormatError('simple packet block without an interface', base + pos);
        const orig = this.u32(buf, pos + 8);
        const cap = Math.min(orig, len - 16);
        // SPBs carry no timestamp; the previous packet's time is the best available.
        return this.emitPacket(buf, pos + 12, cap, orig, iface.linktype, base + pos, len, emit);
      }
      default:
        return; // NRB, ISB, DSB, custom and unknown blocks carry no packets.
    }
  }

  private emitPacket(buf: Buffer, off: number, cap: number, orig: number, linktype: number, filePos: number, len: number, emit: (p: RawPacket) => void): void {
    const p = this.pkt;
    p.data = buf;
    p.off = off;
    p.caplen = cap;
    p.origlen = orig;
    p.tsUs = this.lastTsUs;
    p.linktype = linktype;
    p.filePos = filePos;
    p.recordLen = len;
    p.index = ++this.count;
    emit(p);
  }

  private idb(buf: Buffer, pos: number, len: number, base: number): void {
    if (len < 20) throw new CaptureFormatError('interface description block too short', base + pos);
    const iface: Iface = { linktype: this.u16(buf, pos + 8), exp: 6, pow2: false, offsetSec: 0 };
    let o = pos + 16;
    const end = pos + len - 4;
    while (end - o >= 4) {
      const code = this.u16(buf, o);
      const olen = this.u16(buf, o + 2);
      if (code === 0 || o + 4 + olen > end) break;
      if (code === 9 && olen >= 1) {
        const r = buf[o + 4];
        iface.pow2 = (r & 0x80) !== 0;
        iface.exp = r & 0x7f;
      } else if (code === 14 && olen >= 8) {
        const hi = this.le ? buf.readInt32LE(o + 8) : buf.readInt32BE(o + 4);
        const lo = this.le ? buf.readUInt32LE(o + 4) : buf.readUInt32BE(o + 8);
        iface.offsetSec = hi * 4294967296 + lo;
      }
      o += 4 + ((olen + 3) & ~3);
    }
    this.ifaces.push(iface);
    this.allLinktypes.add(iface.linktype);
  }
}

/** Converts a 64-bit (hi, lo) timestamp in interface units to epoch microseconds without BigInt. */
export function toMicros(hi: number, lo: number, iface: { exp: number; pow2: boolean; offsetSec: number }): number {
  let us: number;
  if (iface.pow2) {
    us = ((hi * 4294967296 + lo) / 2 ** iface.exp) * 1e6;
  } else if (iface.exp >= 6) {
    const d = 10 ** (iface.exp - 6);
    // Long division in 16-bit steps keeps every intermediate exact in a double.
    const x = hi * 65536 + (lo >>> 16);
    const q1 = Math.floor(x / d);
    const y = (x - q1 * d) * 65536 + (lo & 0xffff);
    us = q1 * 65536 + Math.floor(y / d);
  } else {
    us = (hi * 4294967296 + lo) * 10 ** (6 - iface.exp);
  }
  return Math.floor(us) + iface.offsetSec * 1e6;
}

// Classic libpcap format: 24-byte global header, then 16-byte record headers + frame bytes.
import { CaptureFormatError, MAX_RECORD, RawPacket, type FormatParser } from './raw-packet.js';

export const PCAP_MAGIC_US = 0xa1b2c3d4;
export const PCAP_MAGIC_NS = 0xa1b23c4d;

export class PcapParser implements FormatParser {
  readonly format = 'pcap' as const;
  private haveHeader = false;
  private le = true;
  private nanos = false;
  private linktype = 1;
  private count = 0;
  private readonly pkt = new RawPacket();

  linktypes(): number[] {
    return this.haveHeader ? [this.linktype] : [];
  }

  parse(buf: Buffer, base: number, emit: (p: RawPacket) => void): number {
    let pos = 0;
    if (!this.haveHeader) {
      if (buf.length < 24) return 0;
      const m = buf.readUInt32LE(0);
      if (m === PCAP_MAGIC_US || m === PCAP_MAGIC_NS) this.le = true;
      else {
        const b = buf.readUInt32BE(0);
        if (b !== PCAP_MAGIC_US && b !== PCAP_MAGIC_NS) throw new CaptureFormatError('not a pcap file (bad magic)', base);
        this.le = false;
      }
      this.nanos = (this.le ? m : buf.readUInt32BE(0)) === PCAP_MAGIC_NS;
      // Upper bits of the link-type word carry FCS flags (pcap-linktype(7)).
      this.linktype = (this.le ? buf.readUInt32LE(20) : buf.readUInt32BE(20)) & 0x0fffffff;
      this.haveHeader = true;
      pos = 24;
    }
    const p = this.pkt;
    p.data = buf;
    p.linktype = this.linktype;
    const le = this.le;
    while (buf.length - pos >= 16) {
      const sec = le ? buf.readUInt32LE(pos) : buf.readUInt32BE(pos);
      const frac = le ? buf.readUInt32LE(pos + 4) : buf.readUInt32BE(pos + 4);
      const incl = le ? buf.readUInt32LE(pos + 8) : buf.readUInt32BE(pos + 8);
      const orig = le ? buf.readUInt32LE(pos + 12) : buf.readUInt32BE(pos + 12);
      if (incl > MAX_RECORD) throw new CaptureFormatError(`record length ${incl} exceeds the ${MAX_RECORD}-byte limit`, base + pos);
      if (buf.length - pos - 16 < incl) break;
      p.off = pos + 16;
      p.caplen = incl;
      p.origlen = orig;
      p.tsUs = sec * 1e6 + (this.nanos ? Math.floor(frac / 1000) : frac);
      p.filePos = base + pos;
      p.recordLen = 16 + incl;
      p.index = ++this.count;
      emit(p);
      pos += 16 + incl;
    }
    return pos;
  }
}

// SIGTRAN over SCTP: M3UA and M2UA carrying SS7 (MTP3 user parts): SCCP (and CAMEL inside TCAP,
// recognised by its application-context OIDs), ISUP and TUP are named in `protocols`.
import type { FieldSink, ProtocolDef, ProtocolParser } from '../types.js';

const SI_NAMES: Record<number, string> = { 3: 'sccp', 4: 'tup', 5: 'isup' };
/** Encoded CAP application-context OID prefixes: 0.4.0.0.1.0.50 (CAP v1/v2), 0.4.0.0.1.21-23.3 (v3/v4). */
const CAP_OIDS = [Buffer.from([0x04, 0x00, 0x00, 0x01, 0x00, 0x32]), Buffer.from([0x04, 0x00, 0x00, 0x01, 0x15, 0x03]), Buffer.from([0x04, 0x00, 0x00, 0x01, 0x16, 0x03]), Buffer.from([0x04, 0x00, 0x00, 0x01, 0x17, 0x03])];

/** Names the user part of an MTP3 payload (service indicator `si`) at b[p..end). */
function userPart(si: number, b: Buffer, p: number, end: number, out: FieldSink): void {
  const name = SI_NAMES[si];
  if (!name) return;
  out.protocol(name);
  if (si === 3) {
    const data = b.subarray(p, end);
    if (CAP_OIDS.some((oid) => data.indexOf(oid) >= 0)) out.protocol('camel');
  }
}

/** Walks the TLV parameters of an M3UA/M2UA message body. */
function* params(b: Buffer, p: number, end: number): Generator<[number, number, number]> {
  while (p + 4 <= end) {
    const tag = b.readUInt16BE(p);
    const len = b.readUInt16BE(p + 2);
    if (len < 4 || p + len > end) return;
    yield [tag, p + 4, p + len];
    p += (len + 3) & ~3;
  }
}

class SigtranParser implements ProtocolParser {
  private messages = 0;
  constructor(private readonly m2ua: boolean) {}

  feed(_dir: number, b: Buffer, o: number, len: number, out: FieldSink): boolean {
    if (len < 8 || b[o] !== 1) return ++this.messages < 256;
    const end = o + Math.min(len, b.readUInt32BE(o + 4));
    const cls = b[o + 2];
    const type = b[o + 3];
    for (const [tag, s, e] of params(b, o + 8, end)) {
      if (!this.m2ua && cls === 1 && type === 1 && tag === 0x0210 && e - s >= 12) userPart(b[s + 8], b, s + 12, e, out);
      else if (this.m2ua && cls === 6 && type === 1 && tag === 0x0300 && e - s >= 5) userPart(b[s] & 0x0f, b, s + 5, e, out);
    }
    return ++this.messages < 256;
  }
}

export const m3ua: ProtocolDef = { name: 'm3ua', transport: 'sctp', ports: [2905], create: () => new SigtranParser(false) };
export const m2ua: ProtocolDef = { name: 'm2ua', transport: 'sctp', ports: [2904], create: () => new SigtranParser(true) };
export const diameterSctp: ProtocolDef = { name: 'diameter', transport: 'sctp', ports: [3868], create: () => ({ feed: () => false }) };

/** SCTP payload protocol identifiers (IANA) of the protocols above. */
export const BY_PPID: Record<number, ProtocolDef> = { 2: m2ua, 3: m3ua, 46: diameterSctp, 47: diameterSctp };

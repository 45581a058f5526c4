// Classify-only protocols (as Arkime's misc.c): a content signature and/or ports that name the
// protocol in `protocols`, with no fields to parse. Signatures are the protocols' fixed openings.
import type { ProtocolDef, ProtocolParser } from '../types.js';
import { startsWith } from './signatures.js';
import { NtlmScanner } from '../ntlm/scanner.js';

type Sig = (buf: Buffer, off: number, len: number) => boolean;

const noParser: ProtocolParser = { feed: () => false };

function tag(name: string, transport: 'udp' | 'tcp', ports: number[], signature?: Sig): ProtocolDef {
  return { name, transport, ports, signature, create: () => noParser };
}

const STUN_COOKIE = Buffer.from([0x21, 0x12, 0xa4, 0x42]);
const stun: Sig = (b, o, l) => l >= 20 && b[o] < 0x40 && startsWith(b, o, l, STUN_COOKIE, 4) && b.readUInt16BE(o + 2) + 20 <= l + 4;
const MONGO_OPS = new Set([1, 2001, 2002, 2004, 2005, 2006, 2007, 2010, 2011, 2012, 2013]);
const mongo: Sig = (b, o, l) => l >= 16 && MONGO_OPS.has(b.readInt32LE(o + 12)) && b.readInt32LE(o) >= 16 && b.readInt32LE(o) < 48 << 20;
const bacnet: Sig = (b, o, l) => l >= 4 && b[o] === 0x81 && b[o + 1] <= 0x0b && b.readUInt16BE(o + 2) === l;
const bgp: Sig = (b, o, l) => {
  if (l < 19) return false;
  for (let i = 0; i < 16; i++) if (b[o + i] !== 0xff) return false;
  return true;
};
const thrift: Sig = (b, o, l) => (l >= 4 && b[o] === 0x80 && b[o + 1] === 1 && b[o + 2] === 0) || (l >= 8 && b[o + 4] === 0x80 && b[o + 5] === 1 && b[o + 6] === 0);
const oracle: Sig = (b, o, l) => l >= 8 && b.readUInt16BE(o) === l && b[o + 2] === 0 && b[o + 3] === 0 && b[o + 4] === 1 && b[o + 5] === 0;
const aerospike: Sig = (b, o, l) => l >= 8 && b[o] === 2 && (b[o + 1] === 1 || b[o + 1] === 3) && b[o + 2] === 0 && b[o + 3] === 0;
const telnet: Sig = (b, o, l) => l >= 3 && b[o] === 0xff && b[o + 1] >= 0xfb && b[o + 1] <= 0xfe;
const tds: Sig = (b, o, l) => l >= 8 && (b[o] === 0x12 || b[o] === 0x10) && b[o + 1] <= 1 && b.readUInt16BE(o + 2) === l;

export const MISC: ProtocolDef[] = [
  tag('bgp', 'tcp', [179], bgp),
  tag('thrift', 'tcp', [], thrift),
  tag('mongo', 'tcp', [27017], mongo),
  tag('oracle', 'tcp', [1521], oracle),
  tag('aerospike', 'tcp', [3000], aerospike),
  tag('telnet', 'tcp', [23], telnet),
  { name: 'tds', transport: 'tcp', ports: [1433], signature: tds, create: () => new NtlmScanner() },
  tag('diameter', 'tcp', [3868]),
  tag('c1222', 'tcp', [1153]),
  tag('stun', 'udp', [3478], stun),
  tag('stun', 'tcp', [], stun),
  tag('bacnet', 'udp', [47808], bacnet),
  tag('nbns', 'udp', [137]),
  tag('tftp', 'udp', [69]),
  tag('radius', 'udp', [1812, 1813, 1645, 1646]),
  tag('pana', 'udp', [716]),
];

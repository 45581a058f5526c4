// A session's packets for analysts: each packet decoded to a summary and shown in the chosen base,
// and each direction's payload reassembled (TCP by sequence number) into the alternating
// request/response chunks Arkime's session view shows; HTTP bodies de-chunked and gunzipped.
import { DecodeContext } from '../packet/context.js';
import { Result } from '../packet/decoded.js';
import { linkDecoder } from '../packet/link.js';
import { ipToString } from '../session/ip-format.js';
import type { StoredPacket } from '../pcap/packet-source.js';
import { decodeHttpMessages } from './http-payload.js';

export type Base = 'hex' | 'ascii' | 'utf8' | 'natural';

export interface PacketView {
  ts: number;
  /** 0: sent by the session's source, 1: by its destination. */
  dir: 0 | 1;
  len: number;
  caplen: number;
  summary: string;
  /** Transport payload offset and length within the frame (0/0 when none). */
  payloadOffset: number;
  payloadLength: number;
  data: string;
}

export interface PayloadChunk {
  dir: 0 | 1;
  bytes: number;
  data: string;
}

const TCP_FLAGS = ['FIN', 'SYN', 'RST', 'PSH', 'ACK', 'URG', 'ECE', 'CWR'];
const PROTO: Record<number, string> = { 1: 'ICMP', 6: 'TCP', 17: 'UDP', 58: 'ICMPv6', 132: 'SCTP', 50: 'ESP' };

interface Decoded1 {
  view: PacketView;
  payload: Buffer;
  seq: number;
  tcp: boolean;
}

/** `srcIp`/`srcPort`: the session's source, to tell the directions apart. */
export function viewPackets(packets: StoredPacket[], srcIp: string, srcPort: number, base: Base, showFrames = true): { packets: PacketView[]; payload: PayloadChunk[]; http: ReturnType<typeof decodeHttpMessages> } {
  const c = new DecodeContext();
  const decoded: Decoded1[] = [];
  for (const p of packets) {
    const d = c.d;
    d.reset();
    c.tsUs = p.tsUs;
    const dec = linkDecoder(p.linktype);
    let r = Result.NonIp;
    try {
      if (dec) r = dec(c, p.data, 0, p.data.length);
    } catch {
      r = Result.Corrupt;
    }
    let summary = r === Result.Corrupt ? 'malformed frame' : r === Result.Fragment ? 'IP fragment (held for reassembly)' : 'non-IP frame';
    let dir: 0 | 1 = 0;
    let payload = Buffer.alloc(0);
    if (r === Result.Ip) {
      const v = d.ipVersion;
      const src = ipToString(v, d.src), dst = ipToString(v, d.dst);
      dir = src === srcIp && (d.sport === srcPort || !d.sport) ? 0 : 1;
      const proto = PROTO[d.ipProto] ?? `proto ${d.ipProto}`;
      const ports = d.sport || d.dport ? [`${src}:${d.sport}`, `${dst}:${d.dport}`] : [src, dst];
      const flags = d.ipProto === 6 ? ` [${TCP_FLAGS.filter((_, i) => d.tcpFlags & (1 << i)).join(',')}] seq ${d.tcpSeq >>> 0} ack ${d.tcpAck >>> 0} win ${d.tcpWin}` : d.ipProto === 1 || d.ipProto === 58 ? ` type ${d.icmpType} code ${d.icmpCode}` : '';
      summary = `IPv${v} ${ports[0]} > ${ports[1]} ${proto}${flags} len ${d.payLen}`;
      payload = Buffer.from(d.buf.subarray(d.payOff, d.payOff + d.payLen));
    }
    const payloadOffset = r === Result.Ip && d.buf === p.data ? d.payOff : 0;
    decoded.push({
      // Frames begin with binary headers: "natural" shows them as a hex dump (payloads get text).
      view: { ts: p.tsUs / 1000, dir, len: p.origlen, caplen: p.data.length, summary, payloadOffset, payloadLength: payload.length, data: showFrames ? render(p.data, base === 'natural' ? 'hex' : base) : '' },
      payload, seq: d.tcpSeq >>> 0, tcp: r === Result.Ip && d.ipProto === 6,
    });
  }
  const chunks = reassemble(decoded);
  return {
    packets: decoded.map((x) => x.view),
    payload: chunks.map((ch) => ({ dir: ch.dir, bytes: ch.data.length, data: render(ch.data, base) })),
    http: decodeHttpMessages(chunks),
  };
}

/** Each direction's bytes in stream order (TCP retransmissions and overlaps dropped), as alternating chunks. */
function reassemble(packets: Decoded1[]): { dir: 0 | 1; data: Buffer }[] {
  const next: (number | null)[] = [null, null];
  const out: { dir: 0 | 1; data: Buffer }[] = [];
  for (const p of packets) {
    let data = p.payload;
    if (!data.length) continue;
    if (p.tcp) {
      const expect = next[p.view.dir];
      if (expect !== null) {
        const behind = (expect - p.seq) >>> 0;
        // Already delivered (a retransmission), or partly: keep only the new tail.
        if (behind > 0 && behind < 0x80000000) {
          if (behind >= data.length) continue;
          data = data.subarray(behind);
        }
      }
      next[p.view.dir] = (p.seq + p.payload.length) >>> 0;
    }
    const last = out[out.length - 1];
    if (last && last.dir === p.view.dir) last.data = Buffer.concat([last.data, data]);
    else out.push({ dir: p.view.dir, data });
  }
  return out;
}

export function render(b: Buffer, base: Base): string {
  switch (base) {
    case 'hex': return hexDump(b);
    case 'ascii': return b.toString('latin1').replace(/[^\x20-\x7e\n\r\t]/g, '.');
    case 'utf8': return b.toString('utf8');
    default: {
      // Natural: text as text, binary as a hex dump.
      let printable = 0;
      for (const x of b) if ((x >= 0x20 && x < 0x7f) || x === 10 || x === 13 || x === 9) printable++;
      return b.length && printable / b.length >= 0.85 ? b.toString('utf8') : hexDump(b);
    }
  }
}

/** `offset  16 bytes in hex  ascii`, like `xxd` and Wireshark's bytes pane. */
export function hexDump(b: Buffer): string {
  const lines: string[] = [];
  for (let o = 0; o < b.length; o += 16) {
    const row = b.subarray(o, o + 16);
    const hex = Array.from(row, (x) => x.toString(16).padStart(2, '0')).join(' ');
    lines.push(`${o.toString(16).padStart(8, '0')}  ${hex.padEnd(47)}  ${row.toString('latin1').replace(/[^\x20-\x7e]/g, '.')}`);
  }
  return lines.join('\n');
}

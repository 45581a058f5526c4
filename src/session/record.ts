// Turns a session (segment) into its SPI record, keyed by the catalogue's query names.
import { randomBytes } from 'node:crypto';
import { F } from '../fields/catalogue.js';
import { TUNNEL_NAMES } from '../packet/decoded.js';
import { communityId } from './community-id.js';
import { ipToString, macToString } from './ip-format.js';
import type { Session } from './session.js';

export type SessionRecord = Record<string, unknown>;

const PROTO_NAMES: Record<number, string> = { 1: 'icmp', 6: 'tcp', 17: 'udp', 50: 'esp', 58: 'icmp', 132: 'sctp' };

/** Session ids sort by day and are unique without coordination: YYMMDD-<random>. */
export function newSessionId(firstMs: number): string {
  const d = new Date(firstMs);
  // Captures can carry absurd timestamps (fuzzed or broken clocks): such sessions sort under 999999.
  const day = Number.isFinite(d.getTime()) && d.getUTCFullYear() < 10000
    ? `${String(d.getUTCFullYear() % 100).padStart(2, '0')}${String(d.getUTCMonth() + 1).padStart(2, '0')}${String(d.getUTCDate()).padStart(2, '0')}`
    : '999999';
  return `${day}-${randomBytes(12).toString('base64url')}`;
}

export interface RecordContext {
  node: string;
  fileName: (fileId: number) => string;
}

export function sessionRecord(s: Session, ctx: RecordContext): SessionRecord {
  const first = Math.floor(s.firstUs / 1000);
  const last = Math.floor(s.lastUs / 1000);
  const id = newSessionId(first);
  if (!s.rootId) s.rootId = id;
  const isIp = s.ipVersion !== 0;
  const protocols: string[] = [];
  if (isIp) {
    const p = PROTO_NAMES[s.proto];
    if (p) protocols.push(p);
  } else if (s.l2Proto) protocols.push(s.l2Proto);
  for (const [bit, name] of TUNNEL_NAMES) if (s.tunnels & bit) protocols.push(name);
  protocols.sort();
  const r: SessionRecord = {
    [F.id.exp]: id,
    [F.rootId.exp]: s.rootId,
    [F.segments.exp]: s.segment,
    [F.node.exp]: ctx.node,
    [F.file.exp]: s.fileIds.map(ctx.fileName),
    [F.firstPacket.exp]: first,
    [F.lastPacket.exp]: last,
    [F.length.exp]: last - first,
    [F.ipProtocol.exp]: s.proto,
    [F.protocols.exp]: protocols,
    [F.packetsSrc.exp]: s.packetsSrc,
    [F.packetsDst.exp]: s.packetsDst,
    [F.packets.exp]: s.packetsSrc + s.packetsDst,
    [F.bytesSrc.exp]: s.bytesSrc,
    [F.bytesDst.exp]: s.bytesDst,
    [F.bytes.exp]: s.bytesSrc + s.bytesDst,
    [F.dataSrc.exp]: s.dataSrc,
    [F.dataDst.exp]: s.dataDst,
    [F.data.exp]: s.dataSrc + s.dataDst,
    [F.vlan.exp]: s.vlans.slice(),
    [F.vni.exp]: s.vnis.slice(),
    [F.macSrc.exp]: s.macSrc.map(macToString),
    [F.macDst.exp]: s.macDst.map(macToString),
    [F.outerIpSrc.exp]: s.outerIpSrc.slice(),
    [F.outerIpDst.exp]: s.outerIpDst.slice(),
    [F.outerMacSrc.exp]: s.outerMacSrc.map(macToString),
    [F.outerMacDst.exp]: s.outerMacDst.map(macToString),
    [F.ttlSrc.exp]: s.ttlSrc.slice(),
    [F.ttlDst.exp]: s.ttlDst.slice(),
    [F.ethertype.exp]: s.ethertype,
    [F.icmpType.exp]: s.icmpType.slice(),
    [F.icmpCode.exp]: s.icmpCode.slice(),
    [F.fileId.exp]: s.fileIds.slice(),
    [F.packetPos.exp]: Array.from(s.pos.subarray(0, s.posCount)),
    [F.packetLen.exp]: Array.from(s.len.subarray(0, s.posCount)),
  };
  if (isIp) {
    r[F.ipSrc.exp] = ipToString(s.ipVersion, s.srcIp);
    r[F.ipDst.exp] = ipToString(s.ipVersion, s.dstIp);
    r[F.portSrc.exp] = s.srcPort;
    r[F.portDst.exp] = s.dstPort;
    const icmp = s.proto === 1 || s.proto === 58;
    const sp = icmp ? (s.icmpType[0] ?? 0) : s.srcPort;
    const dp = icmp ? (s.icmpCode[0] ?? 0) : s.dstPort;
    const src = s.ipVersion === 4 ? s.srcIp.subarray(0, 4) : s.srcIp;
    const dst = s.ipVersion === 4 ? s.dstIp.subarray(0, 4) : s.dstIp;
    r[F.communityId.exp] = communityId(s.proto, src, dst, sp, dp);
  }
  if (s.proto === 6) {
    r[F.tcpSyn.exp] = s.synCnt;
    r[F.tcpSynAck.exp] = s.synAckCnt;
    r[F.tcpAck.exp] = s.ackCnt;
    r[F.tcpPsh.exp] = s.pshCnt;
    r[F.tcpFin.exp] = s.finCnt;
    r[F.tcpRst.exp] = s.rstCnt;
    r[F.tcpUrg.exp] = s.urgCnt;
    r[F.tcpEce.exp] = s.eceCnt;
    r[F.tcpCwr.exp] = s.cwrCnt;
    r[F.tcpSrcZero.exp] = s.srcZero;
    r[F.tcpDstZero.exp] = s.dstZero;
    if (s.tcpSeqSrc >= 0) r[F.tcpSeqSrc.exp] = s.tcpSeqSrc;
    if (s.tcpSeqDst >= 0) r[F.tcpSeqDst.exp] = s.tcpSeqDst;
    if (s.initRttMs >= 0) r[F.initRtt.exp] = s.initRttMs;
  }
  return r;
}

// Turns a session (segment) into its SPI record, keyed by the catalogue's query names.
import { randomBytes } from 'node:crypto';
import { F, CORE_FIELD_COUNT, allFields } from '../fields/catalogue.js';
import type { FieldDef } from '../fields/types.js';
import { TUNNEL_NAMES } from '../packet/decoded.js';
import { communityId } from './community-id.js';
import { USER } from '../fields/common.js';
import { ipToString, macToString } from './ip-format.js';
import { ouiOf } from './oui.js';
import type { Session } from './session.js';
import { Multi } from './session-more.js';
import { unpackPositions } from './positions.js';
import { memoNumber } from './memo.js';

/**
 * A session as produced by the pipeline: one slot per core field, at the field's `index` (a row,
 * so building one costs no property lookups), then one slot holding the protocol fields' values
 * (field index -> values), absent when no parser found any: hundreds of protocol fields stay
 * off the rows of sessions that do not have them. `fieldValue` and `recordDoc` read it.
 */
export type SessionRecord = unknown[];

export function fieldValue(r: SessionRecord, f: FieldDef): unknown {
  return f.index < CORE_FIELD_COUNT ? r[f.index] : (r[CORE_FIELD_COUNT] as Map<number, unknown> | undefined)?.get(f.index);
}

/** The protocol-field values of a record (field index -> values), if any. */
export function appValues(r: SessionRecord): Map<number, unknown[]> | undefined {
  return r[CORE_FIELD_COUNT] as Map<number, unknown[]> | undefined;
}

/** A session keyed by field query names, as stored sessions are returned and printed. */
export type SessionDoc = Record<string, unknown>;

export function recordDoc(r: SessionRecord): SessionDoc {
  const doc: SessionDoc = {};
  for (const f of allFields()) {
    const v = fieldValue(r, f);
    if (v !== undefined) doc[f.exp] = ArrayBuffer.isView(v) ? Array.from(v as Float64Array) : v;
  }
  return doc;
}

/** Arkime's names for IP protocols; AH is filed with ESP, others are "unknown-ip". */
const PROTO_NAMES: Record<number, string> = { 1: 'icmp', 2: 'igmp', 6: 'tcp', 17: 'udp', 50: 'esp', 51: 'esp', 58: 'icmp', 89: 'ospf', 103: 'pim', 132: 'sctp' };

// 9 random bytes per process, then a 3-byte counter per id: unique across nodes and processes
// without coordination, and ~100x cheaper than drawing random bytes for every session.
const idPrefix = randomBytes(12);
let idCounter = 0;
const idBuf = Buffer.alloc(12);

/** Session ids sort by day and are unique without coordination: YYMMDD-<16 base64url chars>. */
export function newSessionId(firstMs: number): string {
  const d = new Date(firstMs);
  // Captures can carry absurd timestamps (fuzzed or broken clocks): such sessions sort under 999999.
  const day = Number.isFinite(d.getTime()) && d.getUTCFullYear() < 10000
    ? `${String(d.getUTCFullYear() % 100).padStart(2, '0')}${String(d.getUTCMonth() + 1).padStart(2, '0')}${String(d.getUTCDate()).padStart(2, '0')}`
    : '999999';
  if (++idCounter > 0xffffff) {
    idCounter = 0;
    idPrefix.set(randomBytes(9));
  }
  idPrefix.copy(idBuf, 0, 0, 9);
  idBuf.writeUIntBE(idCounter, 9, 3);
  return `${day}-${idBuf.toString('base64url')}`;
}

const macText = memoNumber(macToString);

function vendors(macs: number[]): string[] {
  const out: string[] = [];
  for (const m of macs) {
    const v = ouiOf(m);
    if (v !== undefined && !out.includes(v)) out.push(v);
  }
  return out;
}

/** In-place insertion sort: a session's few protocol names, without Array#sort's work arrays. */
function sortSmall(a: string[]): void {
  for (let i = 1; i < a.length; i++) {
    const v = a[i];
    let j = i - 1;
    for (; j >= 0 && a[j] > v; j--) a[j + 1] = a[j];
    a[j + 1] = v;
  }
}

export interface RecordContext {
  node: string;
  fileName: (fileId: number) => string;
}

/** `final`: the session ends here, so its value lists are handed over rather than copied. */
export function sessionRecord(s: Session, ctx: RecordContext, final = false): SessionRecord {
  const first = Math.floor(s.firstUs / 1000);
  const last = Math.floor(s.lastUs / 1000);
  const id = newSessionId(first);
  // A session saved whole is its own root; a segment's id becomes the root of those that follow.
  const rootId = s.rootId || id;
  if (!final && !s.rootId) s.rootId = id;
  const isIp = s.ipVersion !== 0;
  const protocols: string[] = [];
  if (isIp) {
    protocols.push(PROTO_NAMES[s.proto] ?? 'unknown-ip');
  } else if (s.l2Proto) protocols.push(s.l2Proto);
  for (const [bit, name] of TUNNEL_NAMES) if (s.tunnels & bit) protocols.push(name);
  if (s.app) for (const name of s.app.protocols) if (!protocols.includes(name)) protocols.push(name);
  sortSmall(protocols);
  const r: SessionRecord = new Array(CORE_FIELD_COUNT + 1);
  r[F.id.index] = id;
  r[F.rootId.index] = rootId;
  r[F.segments.index] = s.segment;
  r[F.node.index] = ctx.node;
  const fileIds = s.values(Multi.FileId);
  r[F.file.index] = fileIds.map(ctx.fileName);
  r[F.firstPacket.index] = first;
  r[F.lastPacket.index] = last;
  r[F.length.index] = last - first;
  r[F.ipProtocol.index] = s.proto;
  r[F.protocols.index] = protocols;
  r[F.packetsSrc.index] = s.packetsSrc;
  r[F.packetsDst.index] = s.packetsDst;
  r[F.packets.index] = s.packetsSrc + s.packetsDst;
  r[F.bytesSrc.index] = s.bytesSrc;
  r[F.bytesDst.index] = s.bytesDst;
  r[F.bytes.index] = s.bytesSrc + s.bytesDst;
  r[F.dataSrc.index] = s.dataSrc;
  r[F.dataDst.index] = s.dataDst;
  r[F.data.index] = s.dataSrc + s.dataDst;
  r[F.vlan.index] = s.values(Multi.Vlan);
  r[F.vni.index] = s.values(Multi.Vni);
  const macSrc = s.values(Multi.MacSrc);
  const macDst = s.values(Multi.MacDst);
  r[F.macSrc.index] = macSrc.map(macText);
  r[F.macDst.index] = macDst.map(macText);
  r[F.ouiSrc.index] = vendors(macSrc);
  r[F.ouiDst.index] = vendors(macDst);
  r[F.outerIpSrc.index] = s.more ? s.more.outerIpSrc.slice() : [];
  r[F.outerIpDst.index] = s.more ? s.more.outerIpDst.slice() : [];
  r[F.outerMacSrc.index] = s.values(Multi.OuterMacSrc).map(macText);
  r[F.outerMacDst.index] = s.values(Multi.OuterMacDst).map(macText);
  r[F.ttlSrc.index] = s.values(Multi.TtlSrc);
  r[F.ttlDst.index] = s.values(Multi.TtlDst);
  r[F.ethertype.index] = s.ethertype;
  r[F.icmpType.index] = s.values(Multi.IcmpType);
  r[F.icmpCode.index] = s.values(Multi.IcmpCode);
  r[F.fileId.index] = fileIds;
  const { pos, len } = unpackPositions(s.positions, s.firstFileId);
  r[F.packetPos.index] = pos;
  r[F.packetLen.index] = len;
  r[USER.index] = [];
  if (s.app) {
    s.app.finish();
    if (final) s.app.releaseStreams();
    // Copies unless final: a segment's session goes on collecting values.
    let app: Map<number, unknown[]> | undefined;
    const a = s.app;
    for (let i = 0; i < a.fieldCount; i++) {
      const index = a.fieldAt(i);
      const v = a.valuesAt(i, final);
      if (index < CORE_FIELD_COUNT) r[index] = v;
      else (app ??= new Map()).set(index, v);
    }
    r[CORE_FIELD_COUNT] = app;
  }

  if (isIp) {
    const srcIp = s.srcIp;
    const dstIp = s.dstIp;
    r[F.ipSrc.index] = ipToString(s.ipVersion, srcIp);
    r[F.ipDst.index] = ipToString(s.ipVersion, dstIp);
    r[F.portSrc.index] = s.srcPort;
    r[F.portDst.index] = s.dstPort;
    const icmp = s.proto === 1 || s.proto === 58;
    const sp = icmp ? s.firstValue(Multi.IcmpType, 0) : s.srcPort;
    const dp = icmp ? s.firstValue(Multi.IcmpCode, 0) : s.dstPort;
    const src = s.ipVersion === 4 ? srcIp.subarray(0, 4) : srcIp;
    const dst = s.ipVersion === 4 ? dstIp.subarray(0, 4) : dstIp;
    r[F.communityId.index] = communityId(s.proto, src, dst, sp, dp);
  }
  if (s.proto === 6) {
    r[F.tcpSyn.index] = s.synCnt;
    r[F.tcpSynAck.index] = s.synAckCnt;
    r[F.tcpAck.index] = s.ackCnt;
    r[F.tcpPsh.index] = s.pshCnt;
    r[F.tcpFin.index] = s.finCnt;
    r[F.tcpRst.index] = s.rstCnt;
    r[F.tcpUrg.index] = s.urgCnt;
    r[F.tcpEce.index] = s.eceCnt;
    r[F.tcpCwr.index] = s.cwrCnt;
    r[F.tcpSrcZero.index] = s.srcZero;
    r[F.tcpDstZero.index] = s.dstZero;
    if (s.tcpSeqSrc >= 0) r[F.tcpSeqSrc.index] = s.tcpSeqSrc;
    if (s.tcpSeqDst >= 0) r[F.tcpSeqDst.index] = s.tcpSeqDst;
    if (s.initRttMs >= 0) r[F.initRtt.index] = s.initRttMs;
  }
  return r;
}

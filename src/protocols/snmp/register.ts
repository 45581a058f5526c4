// SNMP over UDP (161, 162): v1/v2c messages with their PDU, v3 with its security parameters
// (the scoped PDU is not read: it is usually encrypted).
import type { FieldSink, ProtocolDef, ProtocolParser } from '../types.js';
import { berInt, berOid, tlv, type Tlv } from '../ber.js';
import { SNMP } from './fields.js';

const PDUS: Record<number, string> = {
  0xa0: 'GetRequest', 0xa1: 'GetNextRequest', 0xa2: 'GetResponse', 0xa3: 'SetRequest', 0xa5: 'GetBulkRequest',
  0xa6: 'InformRequest', 0xa7: 'SNMPv2-Trap', 0xa8: 'Report',
};
const ERRORS = ['noError', 'tooBig', 'noSuchName', 'badValue', 'readOnly', 'genErr', 'noAccess', 'wrongType', 'wrongLength', 'wrongEncoding',
  'wrongValue', 'noCreation', 'inconsistentValue', 'resourceUnavailable', 'commitFailed', 'undoFailed', 'authorizationError', 'notWritable', 'inconsistentName'];
const LEVELS = ['noAuthNoPriv', 'authNoPriv', 'noAuthPriv', 'authPriv'];

function pdu(b: Buffer, t: Tlv, out: FieldSink): void {
  const type = PDUS[t.tag];
  if (!type) return;
  out.add(SNMP.type, type);
  const id = tlv(b, t.start, t.end);
  const status = id && tlv(b, id.end, t.end);
  const index = status && tlv(b, status.end, t.end);
  const binds = index && tlv(b, index.end, t.end);
  if (status && t.tag !== 0xa5 && berInt(b, status) > 0) out.add(SNMP.error, ERRORS[berInt(b, status)] ?? String(berInt(b, status)));
  if (!binds) return;
  for (let p = binds.start, n = 0; p < binds.end && n < 64; n++) {
    const bind = tlv(b, p, binds.end);
    if (!bind) break;
    const oid = tlv(b, bind.start, bind.end);
    if (oid?.tag === 0x06) out.add(SNMP.variable, berOid(b, oid));
    p = bind.end;
  }
}

export function parseSnmp(b: Buffer, off: number, len: number, out: FieldSink): boolean {
  const end = off + len;
  const msg = tlv(b, off, end);
  const ver = msg?.tag === 0x30 ? tlv(b, msg.start, msg.end) : null;
  if (!msg || !ver || ver.tag !== 0x02) return false;
  const version = berInt(b, ver);
  out.add(SNMP.version, version === 3 ? 3 : version + 1);
  if (version === 3) {
    // msgGlobalData: msgID, msgMaxSize, msgFlags (auth and priv bits), msgSecurityModel.
    const global = tlv(b, ver.end, msg.end);
    const sec = global && tlv(b, global.end, msg.end);
    const id = global && tlv(b, global.start, global.end);
    const max = id && tlv(b, id.end, global!.end);
    const flags = max && tlv(b, max.end, global!.end);
    if (flags?.tag === 0x04 && flags.end > flags.start) out.add(SNMP.secLevel, LEVELS[b[flags.start] & 3]);
    // Lenient like Arkime: the USM sequence is bounded by the message, not by its wrapper.
    const usm = sec?.tag === 0x04 ? tlv(b, sec.start, msg.end) : null;
    const engine = usm ? tlv(b, usm.start, msg.end) : null;
    if (engine?.tag === 0x04 && engine.end > engine.start) out.add(SNMP.engineId, b.toString('hex', engine.start, engine.end));
    return true;
  }
  const community = tlv(b, ver.end, msg.end);
  if (!community || community.tag !== 0x04) return true;
  out.add(SNMP.community, b.toString('latin1', community.start, community.end));
  const p = tlv(b, community.end, msg.end);
  if (p) pdu(b, p, out);
  return true;
}

class SnmpParser implements ProtocolParser {
  private messages = 0;
  feed(_dir: number, buf: Buffer, off: number, len: number, out: FieldSink): boolean {
    return parseSnmp(buf, off, len, out) && ++this.messages < 64;
  }
}

export const snmp: ProtocolDef = {
  name: 'snmp',
  transport: 'udp',
  ports: [161, 162],
  // SEQUENCE { version 0|1|3, community OCTET STRING | v3 header SEQUENCE, ... } filling the datagram.
  signature(b, o, len) {
    const m = tlv(b, o, o + len);
    const v = m && m.tag === 0x30 && m.end === o + len ? tlv(b, m.start, m.end) : null;
    if (!v || v.tag !== 0x02 || v.end - v.start !== 1 || v.end >= m!.end) return false;
    const ver = b[v.start];
    if (ver === 3) return b[v.end] === 0x30;
    // v1/v2c: community OCTET STRING, then a PDU tag (0xa0-0xa8) ending the message.
    const community = ver <= 1 && b[v.end] === 0x04 ? tlv(b, v.end, m!.end) : null;
    const pdu = community ? tlv(b, community.end, m!.end) : null;
    return !!pdu && pdu.tag >= 0xa0 && pdu.tag <= 0xa8 && pdu.end === m!.end;
  },
  create: () => new SnmpParser(),
};

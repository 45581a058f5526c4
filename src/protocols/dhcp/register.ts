// DHCP (UDP 67/68, BOOTP with the magic cookie) and DHCPv6 (UDP 546/547).
import type { FieldSink, ProtocolDef, ProtocolParser } from '../types.js';
import { DHCP } from './fields.js';
import { ouiOf } from '../../session/oui.js';

const V4_TYPES = ['', 'DISCOVER', 'OFFER', 'REQUEST', 'DECLINE', 'ACK', 'NAK', 'RELEASE', 'INFORM'];
const V6_TYPES = ['', 'SOLICIT', 'ADVERTISE', 'REQUEST', 'CONFIRM', 'RENEW', 'REBIND', 'REPLY', 'RELEASE', 'DECLINE', 'RECONFIGURE', 'INFORMATION-REQUEST', 'RELAY-FORW', 'RELAY-REPL'];
const COOKIE = 0x63825363;

function v4(b: Buffer, o: number, len: number, out: FieldSink): boolean {
  if (len < 240 || b.readUInt32BE(o + 236) !== COOKIE) return false;
  out.add(DHCP.id, b.toString('hex', o + 4, o + 8));
  if (b[o + 1] === 1 && b[o + 2] === 6) {
    out.add(DHCP.mac, [...b.subarray(o + 28, o + 34)].map((x) => x.toString(16).padStart(2, '0')).join(':'));
    const vendor = ouiOf(b.readUIntBE(o + 28, 6));
    if (vendor) out.add(DHCP.oui, vendor);
  }
  for (let p = o + 240; p < o + len; ) {
    const code = b[p];
    if (code === 255) break;
    if (code === 0) {
      p++;
      continue;
    }
    const l = b[p + 1];
    const v = p + 2;
    if (v + l > o + len) break;
    if (code === 53 && l >= 1) out.add(DHCP.type, V4_TYPES[b[v]] ?? String(b[v]));
    else if (code === 12) out.add(DHCP.host, b.toString('latin1', v, v + l).toLowerCase());
    else if (code === 50 && l === 4) out.add(DHCP.requestIp, `${b[v]}.${b[v + 1]}.${b[v + 2]}.${b[v + 3]}`);
    else if (code === 60) out.add(DHCP.classId, b.toString('latin1', v, v + l));
    p = v + l;
  }
  return true;
}

function v6(b: Buffer, o: number, len: number, out: FieldSink): boolean {
  if (len < 4) return false;
  out.add(DHCP.type, V6_TYPES[b[o]] ?? String(b[o]));
  if (b[o] < 12) out.add(DHCP.id, b.toString('hex', o + 1, o + 4));
  return true;
}

class DhcpParser implements ProtocolParser {
  private messages = 0;
  constructor(private readonly parse: typeof v4) {}
  feed(_dir: number, b: Buffer, o: number, len: number, out: FieldSink): boolean {
    return this.parse(b, o, len, out) && ++this.messages < 32;
  }
}

export const dhcp: ProtocolDef = { name: 'dhcp', transport: 'udp', ports: [67, 68], create: () => new DhcpParser(v4) };
export const dhcpv6: ProtocolDef = { name: 'dhcpv6', transport: 'udp', ports: [546, 547], create: () => new DhcpParser(v6) };

// SIP over UDP and TCP (5060): request method or status code, and the dialog's headers.
import { defineField } from '../../fields/define.js';
import type { FieldSink, ProtocolDef, ProtocolParser } from '../types.js';

const g = 'sip';
export const SIP = {
  method: defineField('sip.method', 'sip_method', 'termfield', true, g, 'Request methods (INVITE, REGISTER...)'),
  status: defineField('sip.statuscode', 'sip_statuscode', 'integer', true, g, 'Response status codes'),
  from: defineField('sip.from', 'sip_from', 'termfield', true, g, 'From header values'),
  to: defineField('sip.to', 'sip_to', 'termfield', true, g, 'To header values'),
  callId: defineField('sip.callid', 'sip_callid', 'termfield', true, g, 'Call-ID header values'),
  contact: defineField('sip.contact', 'sip_contact', 'termfield', true, g, 'Contact header values'),
  via: defineField('sip.via', 'sip_via', 'termfield', true, g, 'Via header values'),
  userAgent: defineField('sip.user-agent', 'sip_user_agent', 'termfield', true, g, 'User-Agent header values'),
  user: defineField('sip.user', 'sip_user', 'termfield', true, g, 'User parts of From and To URIs'),
};
/** Compact header forms (RFC 3261 section 7.3.3). */
const COMPACT: Record<string, string> = { f: 'from', t: 'to', i: 'call-id', m: 'contact', v: 'via' };
const MAX_MESSAGES = 256;

export function parseSipMessage(text: string, out: FieldSink): boolean {
  const lines = text.split(/\r?\n/);
  const first = lines[0];
  const status = /^SIP\/2\.0 (\d{3})/.exec(first);
  const req = /^([A-Z]+) \S+ SIP\/2\.0$/.exec(first);
  if (!status && !req) return false;
  if (status) out.add(SIP.status, Number(status[1]));
  else out.add(SIP.method, req![1]);
  for (let i = 1; i < lines.length && lines[i]; i++) {
    const c = lines[i].indexOf(':');
    if (c <= 0) continue;
    let name = lines[i].slice(0, c).trim().toLowerCase();
    name = COMPACT[name] ?? name;
    const value = lines[i].slice(c + 1).trim();
    if (name === 'from' || name === 'to') {
      out.add(name === 'from' ? SIP.from : SIP.to, value);
      const user = /sips?:([^@;>]+)@/i.exec(value);
      if (user) out.add(SIP.user, user[1]);
    } else if (name === 'call-id') out.add(SIP.callId, value);
    else if (name === 'contact') out.add(SIP.contact, value);
    else if (name === 'via') out.add(SIP.via, value);
    else if (name === 'user-agent') out.add(SIP.userAgent, value);
  }
  return true;
}

class SipParser implements ProtocolParser {
  private messages = 0;
  feed(_dir: number, b: Buffer, o: number, len: number, out: FieldSink): boolean {
    // One message per datagram (UDP) or per segment (TCP, where messages are small).
    parseSipMessage(b.toString('utf8', o, o + Math.min(len, 16 * 1024)), out);
    return ++this.messages < MAX_MESSAGES;
  }
}

const signature = (b: Buffer, o: number, len: number) => len > 12 && /^(SIP\/2\.0 \d{3}|[A-Z]{3,9} sips?:\S+ SIP\/2\.0\r?\n)/.test(b.toString('latin1', o, o + Math.min(len, 200)));
export const sip: ProtocolDef = { name: 'sip', transport: 'udp', ports: [5060], signature, create: () => new SipParser() };
export const sipTcp: ProtocolDef = { name: 'sip', transport: 'tcp', ports: [5060], signature, create: () => new SipParser() };

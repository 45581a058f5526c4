// LDAP over TCP (389, 3268): each message is a BER SEQUENCE; bind requests give the name and the
// authentication type (Microsoft's sicily choices carry NTLMSSP); StartTLS hands off to TLS.
import type { FieldSink, ProtocolDef, ProtocolParser } from '../types.js';
import { tlv } from '../ber.js';
import { findNtlmssp, parseNtlmssp } from '../ntlm/ntlmssp.js';
import { LDAP } from './fields.js';
import { own } from '../../session/retain.js';

const MAX_BUFFER = 64 * 1024;
const STARTTLS_OID = '1.3.6.1.4.1.1466.20037';
const AUTH: Record<number, string> = { 0x80: 'simple', 0xa3: 'sasl', 0x89: 'sicilyPackageDiscovery', 0x8a: 'ntlmsspNegotiate', 0x8b: 'ntlmsspAuth' };

class LdapParser implements ProtocolParser {
  private readonly pending: Buffer[] = [Buffer.alloc(0), Buffer.alloc(0)];
  private messages = 0;

  feed(dir: number, buf: Buffer, off: number, len: number, out: FieldSink): boolean {
    let b = Buffer.concat([this.pending[dir], buf.subarray(off, off + len)]);
    for (;;) {
      const msg = tlv(b, 0, b.length);
      if (!msg) break;
      if (msg.tag !== 0x30) return false;
      this.message(dir, b, msg.start, msg.end, out);
      b = b.subarray(msg.end);
      if (++this.messages > 256) return false;
    }
    this.pending[dir] = b.length > MAX_BUFFER ? Buffer.alloc(0) : own(b);
    return true;
  }

  private message(dir: number, b: Buffer, p: number, end: number, out: FieldSink): void {
    const id = tlv(b, p, end);
    if (!id || id.tag !== 0x02) return;
    const op = tlv(b, id.end, end);
    if (!op) return;
    if (op.tag === 0x60 && dir === 0) this.bind(b, op.start, op.end, out);
    else if (op.tag === 0x61) findNtlmssp(b, op.start, op.end - op.start, out); // serverSaslCreds
    else if (op.tag === 0x77 && dir === 0) {
      const name = tlv(b, op.start, op.end);
      if (name && name.tag === 0x80 && b.toString('latin1', name.start, name.end) === STARTTLS_OID) out.handoff();
    }
  }

  private bind(b: Buffer, p: number, end: number, out: FieldSink): void {
    const version = tlv(b, p, end);
    const name = version && tlv(b, version.end, end);
    if (!name) return;
    const dn = b.toString('utf8', name.start, name.end);
    out.add(LDAP.bindname, dn || '<ROOT>');
    const auth = tlv(b, name.end, end);
    if (!auth) return;
    const type = auth.tag === 0x80 && auth.end === auth.start ? 'none' : AUTH[auth.tag];
    if (type) out.add(LDAP.authtype, type);
    if (auth.tag === 0x8a || auth.tag === 0x8b) parseNtlmssp(b.subarray(auth.start, auth.end), out);
    else if (auth.tag === 0xa3) {
      const mech = tlv(b, auth.start, auth.end);
      const cred = mech && tlv(b, mech.end, auth.end);
      if (cred) findNtlmssp(b, cred.start, cred.end - cred.start, out);
    }
  }
}

export const ldap: ProtocolDef = {
  name: 'ldap',
  transport: 'tcp',
  ports: [389, 3268],
  // SEQUENCE, then messageID INTEGER, then an application-class operation.
  signature(buf, off, len) {
    const m = tlv(buf, off, off + len);
    const id = m && m.tag === 0x30 ? tlv(buf, m.start, off + len) : null;
    return !!id && id.tag === 0x02 && id.end - id.start <= 4 && id.end < off + len && (buf[id.end] & 0xe0) === 0x60;
  },
  create: () => new LdapParser(),
};

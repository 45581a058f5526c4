// Kerberos 5 over UDP and TCP (88): requests (AS-REQ, TGS-REQ) give client, realm, service and
// offered encryption types; KRB-ERROR gives the error.
import { defineField } from '../../fields/define.js';
import type { FieldSink, ProtocolDef, ProtocolParser } from '../types.js';
import { berInt, tlv, type Tlv } from '../ber.js';

const g = 'krb5';
export const KRB5 = {
  cname: defineField('krb5.cname', 'krb5_cname', 'termfield', true, g, 'Client principal names'),
  realm: defineField('krb5.realm', 'krb5_realm', 'termfield', true, g, 'Realms'),
  sname: defineField('krb5.sname', 'krb5_sname', 'termfield', true, g, 'Service principal names'),
  etype: defineField('krb5.etype', 'krb5_etype', 'termfield', true, g, 'Encryption types offered by clients'),
  error: defineField('krb5.error', 'krb5_error', 'termfield', true, g, 'KRB-ERROR codes'),
};
const ETYPES: Record<number, string> = {
  1: 'des-cbc-crc', 2: 'des-cbc-md4', 3: 'des-cbc-md5', 16: 'des3-cbc-sha1', 17: 'aes128-cts-hmac-sha1-96', 18: 'aes256-cts-hmac-sha1-96',
  19: 'aes128-cts-hmac-sha256-128', 20: 'aes256-cts-hmac-sha384-192', 23: 'rc4-hmac', 24: 'rc4-hmac-exp', 25: 'camellia128-cts-cmac', 26: 'camellia256-cts-cmac',
};
const ERRORS: Record<number, string> = {
  6: 'KDC_ERR_C_PRINCIPAL_UNKNOWN', 7: 'KDC_ERR_S_PRINCIPAL_UNKNOWN', 14: 'KDC_ERR_ETYPE_NOSUPP', 18: 'KDC_ERR_CLIENT_REVOKED',
  23: 'KDC_ERR_KEY_EXPIRED', 24: 'KDC_ERR_PREAUTH_FAILED', 25: 'KDC_ERR_PREAUTH_REQUIRED', 31: 'KRB_AP_ERR_SKEW', 32: 'KRB_AP_ERR_TKT_EXPIRED',
  37: 'KRB_AP_ERR_SKEW', 41: 'KRB_AP_ERR_MODIFIED', 52: 'KRB_ERR_RESPONSE_TOO_BIG', 60: 'KRB_ERR_GENERIC', 68: 'KDC_ERR_WRONG_REALM',
};

function fields(b: Buffer, t: Tlv): Map<number, Tlv> {
  const m = new Map<number, Tlv>();
  for (let p = t.start; p < t.end; ) {
    const c = tlv(b, p, t.end);
    if (!c) break;
    if ((c.tag & 0xe0) === 0xa0) m.set(c.tag & 0x1f, c);
    p = c.end;
  }
  return m;
}

/** The content of an explicit [n] tag: its single inner TLV. */
const inner = (b: Buffer, t: Tlv | undefined) => (t ? tlv(b, t.start, t.end) : null);
const str = (b: Buffer, t: Tlv | undefined) => {
  const i = inner(b, t);
  return i ? b.toString('utf8', i.start, i.end) : null;
};

function principal(b: Buffer, t: Tlv | undefined): string | null {
  const seq = inner(b, t);
  const names = seq && inner(b, fields(b, seq).get(1));
  if (!names) return null;
  const parts: string[] = [];
  for (let p = names.start; p < names.end; ) {
    const s = tlv(b, p, names.end);
    if (!s) break;
    parts.push(b.toString('utf8', s.start, s.end));
    p = s.end;
  }
  return parts.join('/');
}

export function parseKrb5(b: Buffer, o: number, len: number, out: FieldSink): boolean {
  const app = tlv(b, o, o + len);
  if (!app || (app.tag !== 0x6a && app.tag !== 0x6c && app.tag !== 0x7e)) return false;
  const seq = tlv(b, app.start, app.end);
  if (!seq || seq.tag !== 0x30) return false;
  const f = fields(b, seq);
  if (app.tag === 0x7e) {
    const code = inner(b, f.get(6));
    if (code) out.add(KRB5.error, ERRORS[berInt(b, code)] ?? String(berInt(b, code)));
    const realm = str(b, f.get(9));
    if (realm) out.add(KRB5.realm, realm);
    return true;
  }
  const body = inner(b, f.get(4));
  if (!body) return true;
  const bf = fields(b, body);
  const cname = principal(b, bf.get(1));
  if (cname) out.add(KRB5.cname, cname);
  const realm = str(b, bf.get(2));
  if (realm) out.add(KRB5.realm, realm);
  const sname = principal(b, bf.get(3));
  if (sname) out.add(KRB5.sname, sname);
  const etypes = inner(b, bf.get(8));
  if (etypes) {
    for (let p = etypes.start; p < etypes.end; ) {
      const e = tlv(b, p, etypes.end);
      if (!e) break;
      // Negative (private, pre-standard) types are not reported, as Arkime does not.
      if (!(b[e.start] & 0x80)) out.add(KRB5.etype, ETYPES[berInt(b, e)] ?? String(berInt(b, e)));
      p = e.end;
    }
  }
  return true;
}

class Krb5Udp implements ProtocolParser {
  private n = 0;
  feed(_dir: number, b: Buffer, o: number, len: number, out: FieldSink): boolean {
    return parseKrb5(b, o, len, out) && ++this.n < 16;
  }
}

class Krb5Tcp implements ProtocolParser {
  private n = 0;
  feed(_dir: number, b: Buffer, o: number, len: number, out: FieldSink): boolean {
    // A 4-byte record mark, then the message (each message is assumed to start a chunk).
    if (len > 4) parseKrb5(b, o + 4, len - 4, out);
    return ++this.n < 16;
  }
}

const isReq = (b: Buffer, o: number, len: number) => len > 8 && (b[o] === 0x6a || b[o] === 0x6c) && tlv(b, o, o + len)?.end === o + len;
export const krb5: ProtocolDef = { name: 'krb5', transport: 'udp', ports: [88], signature: isReq, create: () => new Krb5Udp() };
export const krb5Tcp: ProtocolDef = {
  name: 'krb5',
  transport: 'tcp',
  ports: [88],
  signature: (b, o, len) => len > 12 && b.readUInt32BE(o) === len - 4 && isReq(b, o + 4, len - 4),
  create: () => new Krb5Tcp(),
};

// Minimal BER/DER reading (LDAP, SNMP, Kerberos, X.509): tag-length headers without allocation.
export interface Tlv {
  tag: number;
  /** First content byte. */
  start: number;
  /** One past the last content byte. */
  end: number;
}

/** The TLV at `p`, or null if it does not fit before `limit`. Indefinite lengths are refused. */
export function tlv(b: Buffer, p: number, limit: number): Tlv | null {
  if (p + 2 > limit) return null;
  const tag = b[p];
  let len = b[p + 1];
  let start = p + 2;
  if (len & 0x80) {
    const n = len & 0x7f;
    if (n === 0 || n > 4 || start + n > limit) return null;
    len = 0;
    for (let i = 0; i < n; i++) len = len * 256 + b[start + i];
    start += n;
  }
  const end = start + len;
  return end <= limit ? { tag, start, end } : null;
}

export function berInt(b: Buffer, t: Tlv): number {
  let v = 0;
  for (let i = t.start; i < t.end && i < t.start + 6; i++) v = v * 256 + b[i];
  return v;
}

/** Dotted OID text of an OBJECT IDENTIFIER's content. */
export function berOid(b: Buffer, t: Tlv): string {
  if (t.end <= t.start) return '';
  const parts = [Math.floor(b[t.start] / 40), b[t.start] % 40];
  let v = 0;
  for (let i = t.start + 1; i < t.end; i++) {
    v = v * 128 + (b[i] & 0x7f);
    if (!(b[i] & 0x80)) {
      parts.push(v);
      v = 0;
    }
  }
  return parts.join('.');
}

// X.509 certificates from TLS handshakes (DER): issuer/subject names, serial, validity, public
// key algorithm and curve, subject alternative names, SHA-1 fingerprint.
import { createHash } from 'node:crypto';
import type { FieldSink } from '../types.js';
import type { FieldDef } from '../../fields/types.js';
import { berOid, tlv, type Tlv } from '../ber.js';
import { CERT } from './fields.js';

const NAME_OIDS: Record<string, 'cn' | 'on' | 'ou'> = { '2.5.4.3': 'cn', '2.5.4.10': 'on', '2.5.4.11': 'ou' };
const KEY_ALGS: Record<string, string> = {
  '1.2.840.113549.1.1.1': 'rsaEncryption', '1.2.840.10045.2.1': 'id-ecPublicKey', '1.2.840.10040.4.1': 'dsaEncryption',
  '1.2.840.113549.1.1.10': 'rsassaPss', '1.3.101.112': 'ED25519', '1.3.101.113': 'ED448', '1.2.840.10046.2.1': 'dhpublicnumber',
};
const CURVES: Record<string, string> = {
  '1.2.840.10045.3.1.7': 'prime256v1', '1.3.132.0.34': 'secp384r1', '1.3.132.0.35': 'secp521r1', '1.2.840.10045.3.1.1': 'prime192v1', '1.3.132.0.10': 'secp256k1',
};
const SAN_OID = '2.5.29.17';

function text(b: Buffer, t: Tlv): string {
  if (t.tag === 0x1e) return Buffer.from(b.subarray(t.start, t.end)).swap16().toString('utf16le'); // BMPString
  return b.toString(t.tag === 0x0c ? 'utf8' : 'latin1', t.start, t.end);
}

function children(b: Buffer, t: Tlv): Tlv[] {
  const out: Tlv[] = [];
  for (let p = t.start; p < t.end; ) {
    const c = tlv(b, p, t.end);
    if (!c) break;
    out.push(c);
    p = c.end;
  }
  return out;
}

function names(b: Buffer, name: Tlv): Record<'cn' | 'on' | 'ou', string[]> {
  const r = { cn: [] as string[], on: [] as string[], ou: [] as string[] };
  for (const set of children(b, name)) {
    for (const atv of children(b, set)) {
      const [oid, value] = children(b, atv);
      const key = oid && value ? NAME_OIDS[berOid(b, oid)] : undefined;
      if (key) r[key].push(text(b, value));
    }
  }
  return r;
}

function time(b: Buffer, t: Tlv): number {
  const s = b.toString('latin1', t.start, t.end);
  const m = (t.tag === 0x17 ? /^(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})?/ : /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})?/).exec(s);
  if (!m) return NaN;
  let year = Number(m[1]);
  if (t.tag === 0x17) year += year < 50 ? 2000 : 1900;
  return Date.UTC(year, Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6] ?? 0));
}

/** A certificate's fields, except the remaining validity (which depends on when it was seen). */
interface CertFacts {
  values: [FieldDef, string | number][];
  notAfter: number;
}

/**
 * Parsed certificates by SHA-1: servers hand the same chain to every client, so most handshakes
 * on a real network repeat a certificate seen moments before. Bounded; the oldest entry goes first.
 */
const cache = new Map<string, CertFacts>();
const CACHE_SIZE = 2048;

/** Parses one DER certificate; `startSec` (the session's first second) dates the remaining validity. */
export function parseCertificate(der: Buffer, startSec: number, out: FieldSink): void {
  const cert = tlv(der, 0, der.length);
  if (!cert || cert.tag !== 0x30) return;
  const digest = createHash('sha1').update(der.subarray(0, cert.end)).digest('hex');
  let facts = cache.get(digest);
  if (!facts) {
    facts = { values: [[CERT.hash, digest.replace(/(..)(?!$)/g, '$1:')]], notAfter: NaN };
    const recorder = { startSec, add: (f: FieldDef, v: string | number) => facts!.values.push([f, v]) };
    const notAfter = certificateFields(der, cert, recorder);
    facts.notAfter = notAfter;
    if (cache.size >= CACHE_SIZE) cache.delete(cache.keys().next().value!);
    cache.set(digest, facts);
  }
  for (const [f, v] of facts.values) out.add(f, v);
  if (Number.isFinite(facts.notAfter)) {
    const remaining = Math.floor(facts.notAfter / 1000) - startSec;
    out.add(CERT.remainingSeconds, remaining);
    out.add(CERT.remainingDays, Math.floor(remaining / 86400));
  }
}

/** The certificate's fields into `out`; returns notAfter (ms), NaN when absent. */
function certificateFields(der: Buffer, cert: Tlv, out: Pick<FieldSink, 'add'>): number {
  let notAfterMs = NaN;
  const tbs = tlv(der, cert.start, cert.end);
  if (!tbs) return notAfterMs;
  const parts = children(der, tbs);
  let i = parts[0]?.tag === 0xa0 ? 1 : 0; // explicit version
  const serial = parts[i++];
  const [, issuer, validity, subject, spki] = [parts[i++], parts[i++], parts[i++], parts[i++], parts[i++]];
  // The serial's DER content as is (a leading 00 byte included, as Arkime prints it).
  if (serial) out.add(CERT.serial, der.toString('hex', serial.start, serial.end));
  if (issuer) {
    const n = names(der, issuer);
    for (const v of n.cn) out.add(CERT.issuerCN, v.toLowerCase());
    for (const v of n.on) out.add(CERT.issuerON, v);
    for (const v of n.ou) out.add(CERT.issuerOU, v);
  }
  if (subject) {
    const n = names(der, subject);
    for (const v of n.cn) out.add(CERT.subjectCN, v.toLowerCase());
    for (const v of n.on) out.add(CERT.subjectON, v);
    for (const v of n.ou) out.add(CERT.subjectOU, v);
  }
  if (validity) {
    const [nb, na] = children(der, validity);
    const notBefore = nb ? time(der, nb) : NaN;
    const notAfter = na ? time(der, na) : NaN;
    if (Number.isFinite(notBefore) && Number.isFinite(notAfter)) {
      out.add(CERT.notBefore, notBefore);
      out.add(CERT.notAfter, notAfter);
      const valid = Math.floor((notAfter - notBefore) / 1000);
      out.add(CERT.validSeconds, valid);
      out.add(CERT.validDays, Math.floor(valid / 86400));
      notAfterMs = notAfter;
    }
  }
  if (spki) {
    const alg = children(der, spki)[0];
    const [oid, params] = alg ? children(der, alg) : [];
    if (oid) out.add(CERT.publicAlgorithm, KEY_ALGS[berOid(der, oid)] ?? berOid(der, oid));
    if (params?.tag === 0x06) out.add(CERT.curve, CURVES[berOid(der, params)] ?? berOid(der, params));
  }
  const ext = parts.find((p) => p.tag === 0xa3);
  if (ext) sans(der, ext, out);
  return notAfterMs;
}

function sans(der: Buffer, ext: Tlv, out: Pick<FieldSink, 'add'>): void {
  const list = children(der, ext)[0];
  if (!list) return;
  for (const e of children(der, list)) {
    const [oid, ...rest] = children(der, e);
    if (!oid || berOid(der, oid) !== SAN_OID) continue;
    const octets = rest[rest.length - 1];
    const seq = octets && tlv(der, octets.start, octets.end);
    if (!seq) continue;
    for (const gn of children(der, seq)) {
      if (gn.tag === 0x82) out.add(CERT.alt, der.toString('latin1', gn.start, gn.end).toLowerCase());
    }
  }
}

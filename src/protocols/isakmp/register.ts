// ISAKMP / IKEv1 and IKEv2 over UDP 500 and 4500 (after the non-ESP marker): header fields,
// vendor ids, IKEv1 phase 1 proposals, and certificates carried in CERT payloads.
import type { FieldSink, ProtocolDef, ProtocolParser } from '../types.js';
import { parseCertificate } from '../tls/cert.js';
import { IKE } from './fields.js';

const EXCHANGES: Record<number, string> = {
  2: 'identity-protection', 4: 'aggressive', 5: 'informational', 32: 'quick-mode', 33: 'new-group',
  34: 'ike-sa-init', 35: 'ike-auth', 36: 'create-child-sa', 37: 'informational',
};
const VENDORS: [string, string][] = [
  ['afcad71368a1f1c96b8696fc77570100', 'dpd'], ['4a131c81070358455c5728f20e95452f', 'nat-t'], ['09002689dfd6b712', 'xauth'],
  ['4048b7d56ebce88525e7de7f00d6c2d3', 'fragmentation'], ['12f5f28c457168a9702d9fe274cc0100', 'cisco-unity'],
];
const ENCRYPTION = ['', 'des-cbc', 'idea-cbc', 'blowfish-cbc', 'rc5-r16-b64-cbc', '3des-cbc', 'cast-cbc', 'aes-cbc', 'camellia-cbc'];
const HASHES = ['', 'md5', 'sha', 'tiger', 'sha2-256', 'sha2-384', 'sha2-512'];
const AUTH: Record<number, string> = { 1: 'psk', 2: 'dss-sig', 3: 'rsa-sig', 4: 'rsa-enc', 5: 'rsa-rev-enc', 9: 'ecdsa-sig' };
const GROUPS: Record<number, string> = { 1: 'modp768', 2: 'modp1024', 5: 'modp1536', 14: 'modp2048', 15: 'modp3072', 16: 'modp4096', 17: 'modp6144', 18: 'modp8192', 19: 'ecp256', 20: 'ecp384', 21: 'ecp521', 31: 'curve25519' };
const V1_SA = 1;
const V1_CERT = 6;
const V1_VID = 13;
const V2_CERT = 37;
const V2_VID = 43;
const V2_SK = 46;

function transforms(b: Buffer, p: number, end: number, out: FieldSink): void {
  // SA: DOI, situation, then proposals, each holding transforms with TV/TLV attributes.
  for (let prop = p + 8; prop + 8 <= end; ) {
    const plen = b.readUInt16BE(prop + 2);
    if (plen < 8 || prop + plen > end) return;
    let t = prop + 8 + b[prop + 6];
    for (let n = 0; n < b[prop + 7] && t + 8 <= prop + plen; n++) {
      const tlen = b.readUInt16BE(t + 2);
      if (tlen < 8 || t + tlen > prop + plen) break;
      for (let a = t + 8; a + 4 <= t + tlen; ) {
        const type = b.readUInt16BE(a);
        if (!(type & 0x8000)) {
          a += 4 + b.readUInt16BE(a + 2);
          continue;
        }
        const v = b.readUInt16BE(a + 2);
        switch (type & 0x7fff) {
          case 1: out.add(IKE.encryption, ENCRYPTION[v] ?? String(v)); break;
          case 2: out.add(IKE.hash, HASHES[v] ?? String(v)); break;
          case 3: out.add(IKE.authMethod, AUTH[v] ?? String(v)); break;
          case 4: out.add(IKE.dhGroup, GROUPS[v] ?? String(v)); break;
        }
        a += 4;
      }
      t += tlen;
    }
    if (b[prop] === 0) return;
    prop += plen;
  }
}

export function parseIsakmp(b: Buffer, o: number, len: number, startSec: number, out: FieldSink): boolean {
  if (len >= 4 && b.readUInt32BE(o) === 0) {
    o += 4; // NAT-T non-ESP marker
    len -= 4;
  }
  if (len < 28) return false;
  const major = b[o + 17] >> 4;
  if (major !== 1 && major !== 2) return false;
  const end = o + Math.min(len, b.readUInt32BE(o + 24));
  out.add(IKE.initiatorSpi, b.toString('hex', o, o + 8));
  const r = b.toString('hex', o + 8, o + 16);
  if (r !== '0000000000000000') out.add(IKE.responderSpi, r);
  out.add(IKE.version, `${major}.${b[o + 17] & 0xf}`);
  const ex = b[o + 18];
  out.add(IKE.exchangeType, EXCHANGES[ex] ?? String(ex));
  if (major === 1 && b[o + 19] & 1) return true; // encrypted payloads
  let next = b[o + 16];
  for (let p = o + 28; next !== 0 && p + 4 <= end; ) {
    const plen = b.readUInt16BE(p + 2);
    if (plen < 4 || p + plen > end || (major === 2 && next === V2_SK)) break;
    const body = p + 4;
    if (next === (major === 1 ? V1_VID : V2_VID)) {
      const hex = b.toString('hex', body, p + plen);
      out.add(IKE.vendorId, VENDORS.find(([prefix]) => hex.startsWith(prefix))?.[1] ?? hex);
    } else if (next === (major === 1 ? V1_CERT : V2_CERT) && b[body] === 4) {
      parseCertificate(b.subarray(body + 1, p + plen), startSec, out);
    } else if (major === 1 && next === V1_SA && (ex === 2 || ex === 4)) transforms(b, body, p + plen, out);
    next = b[p];
    p += plen;
  }
  return true;
}

class IsakmpParser implements ProtocolParser {
  private n = 0;
  feed(_dir: number, b: Buffer, o: number, len: number, out: FieldSink): boolean {
    // On 4500, ESP-in-UDP datagrams (non-zero SPI instead of the marker) share the flow: skipped.
    parseIsakmp(b, o, len, out.startSec, out);
    return ++this.n < 64;
  }
}

export const isakmp: ProtocolDef = { name: 'isakmp', transport: 'udp', ports: [500, 4500], create: () => new IsakmpParser() };

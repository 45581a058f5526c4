// A DNS message parser over bytes: bounded, never throws, names decompressed with a jump limit.
import type { FieldSink } from '../types.js';
import { DNS } from './fields.js';
import { intern } from '../intern.js';

const TYPES: Record<number, string> = {
  1: 'A', 2: 'NS', 5: 'CNAME', 29: 'LOC', 6: 'SOA', 10: 'NULL', 11: 'WKS', 12: 'PTR', 13: 'HINFO', 15: 'MX', 16: 'TXT', 17: 'RP', 18: 'AFSDB',
  24: 'SIG', 25: 'KEY', 28: 'AAAA', 33: 'SRV', 35: 'NAPTR', 37: 'CERT', 39: 'DNAME', 44: 'SSHFP', 50: 'NSEC3', 51: 'NSEC3PARAM', 52: 'TLSA',
  59: 'CDS', 60: 'CDNSKEY', 61: 'OPENPGPKEY', 249: 'TKEY', 250: 'TSIG', 256: 'URI',
  41: 'OPT', 43: 'DS', 46: 'RRSIG', 47: 'NSEC', 48: 'DNSKEY', 64: 'SVCB', 65: 'HTTPS', 99: 'SPF', 251: 'IXFR', 252: 'AXFR', 255: 'ANY', 257: 'CAA',
};
const CLASSES: Record<number, string> = { 1: 'IN', 3: 'CH', 4: 'HS', 254: 'NONE', 255: 'ANY' };
const RCODES = ['NOERROR', 'FORMERR', 'SERVFAIL', 'NXDOMAIN', 'NOTIMPL', 'REFUSED', 'YXDOMAIN', 'YXRRSET', 'NXRRSET', 'NOTAUTH', 'NOTZONE'];
const OPCODES: Record<number, string> = { 0: 'QUERY', 1: 'IQUERY', 2: 'STATUS', 4: 'NOTIFY', 5: 'UPDATE' };
const FLAGS: [number, string][] = [[0x0400, 'AA'], [0x0200, 'TC'], [0x0100, 'RD'], [0x0080, 'RA'], [0x0020, 'AD'], [0x0010, 'CD']];

export const typeName = (t: number): string => TYPES[t] ?? String(t);
export const className = (c: number): string => CLASSES[c & 0x7fff] ?? String(c & 0x7fff);

/** Reads a (possibly compressed) name at `at` within msg[0..end); returns [name, next offset] or null. */
export function readName(msg: Buffer, start: number, at: number, end: number): [string, number] | null {
  const labels: string[] = [];
  let p = at;
  let next = -1;
  let jumps = 0;
  let total = 0;
  for (;;) {
    if (p >= end) return null;
    const len = msg[p];
    if (len === 0) {
      p++;
      break;
    }
    if ((len & 0xc0) === 0xc0) {
      if (p + 1 >= end || ++jumps > 32) return null;
      if (next < 0) next = p + 2;
      p = start + (((len & 0x3f) << 8) | msg[p + 1]);
      continue;
    }
    if (len & 0xc0 || p + 1 + len > end) return null;
    total += len + 1;
    if (total > 255) return null;
    labels.push(msg.toString('latin1', p + 1, p + 1 + len));
    p += 1 + len;
  }
  return [labels.length ? labels.join('.') : '<root>', next >= 0 ? next : p];
}

/** Parses one DNS message (msg[off..off+len)) into fields. Returns false if it is not DNS. */
export function parseDnsMessage(msg: Buffer, off: number, len: number, out: FieldSink): boolean {
  const end = off + len;
  if (len < 12) return false;
  const flags = msg.readUInt16BE(off + 2);
  const qd = msg.readUInt16BE(off + 4);
  // A damaged count still lets the first questions be read (as Wireshark does).
  const questions = Math.min(qd, 64);
  const response = (flags & 0x8000) !== 0;
  out.add(DNS.opcode, OPCODES[(flags >> 11) & 0xf] ?? String((flags >> 11) & 0xf));
  for (const [bit, name] of FLAGS) if (flags & bit) out.add(DNS.flags, name);
  if (response) out.add(DNS.status, RCODES[flags & 0xf] ?? String(flags & 0xf));
  let p = off + 12;
  for (let i = 0; i < questions; i++) {
    const n = readName(msg, off, p, end);
    if (!n || n[1] + 4 > end) return true;
    const host = intern(n[0].toLowerCase());
    out.add(DNS.queryHost, host);
    out.add(DNS.host, host);
    out.add(DNS.queryType, typeName(msg.readUInt16BE(n[1])));
    out.add(DNS.queryClass, className(msg.readUInt16BE(n[1] + 2)));
    p = n[1] + 4;
  }
  // UPDATE reuses the sections for zone data and prerequisites, not answers.
  if (((flags >> 11) & 0xf) === 5) return true;
  const counts = [msg.readUInt16BE(off + 6), msg.readUInt16BE(off + 8), msg.readUInt16BE(off + 10)];
  const servers = new Map<string, typeof DNS.nsIp>();
  const additional: [string, string][] = [];
  for (let section = 0, i = 0; section < 3 && i < 256; i++) {
    while (section < 3 && counts[section] === 0) section++;
    if (section === 3) break;
    counts[section]--;
    const n = readName(msg, off, p, end);
    if (!n || n[1] + 10 > end) break;
    const type = msg.readUInt16BE(n[1]);
    const rdlen = msg.readUInt16BE(n[1] + 8);
    const rd = n[1] + 10;
    if (rd + rdlen > end) break;
    p = rd + rdlen;
    if (type === 41) continue; // EDNS OPT pseudo-record
    const owner = n[0].toLowerCase();
    out.add(DNS.answerName, owner);
    out.add(DNS.answerType, typeName(type));
    out.add(DNS.answerClass, className(msg.readUInt16BE(n[1] + 2)));
    out.add(DNS.answerTtl, msg.readUInt32BE(n[1] + 4));
    const ip = answerData(msg, off, type, rd, rdlen, end, out, servers);
    if (ip && section === 0) out.add(DNS.ip, ip);
    else if (ip && section === 2) additional.push([owner, ip]);
  }
  // Addresses of the name and mail servers named above, given as additional records.
  for (const [owner, ip] of additional) {
    const f = servers.get(owner);
    if (f) out.add(f, ip);
  }
  return true;
}

/** Adds a record's data fields; returns the address of an A/AAAA record. */
function answerData(msg: Buffer, off: number, type: number, rd: number, rdlen: number, end: number, out: FieldSink, servers: Map<string, typeof DNS.nsIp>): string | null {
  if (type === 1 && rdlen === 4) {
    const ip = `${msg[rd]}.${msg[rd + 1]}.${msg[rd + 2]}.${msg[rd + 3]}`;
    out.add(DNS.answerIp, ip);
    return ip;
  } else if (type === 28 && rdlen === 16) {
    const ip = v6(msg, rd);
    out.add(DNS.answerIp, ip);
    return ip;
  } else if (type === 5 || type === 2 || type === 15) {
    if (type === 15) out.add(DNS.answerPriority, msg.readUInt16BE(rd));
    const n = readName(msg, off, type === 15 ? rd + 2 : rd, end);
    if (!n) return null;
    const name = n[0].toLowerCase();
    out.add(type === 5 ? DNS.answerCname : type === 2 ? DNS.answerNs : DNS.answerMx, name);
    if (type !== 5) servers.set(name, type === 2 ? DNS.nsIp : DNS.mxIp);
  } else if (type === 64 || type === 65) {
    out.add(DNS.answerHttps, svcb(msg, off, type, rd, rdlen, end));
  } else if (type === 16) {
    for (let p = rd; p < rd + rdlen; ) {
      const l = msg[p];
      if (p + 1 + l > rd + rdlen) break;
      out.add(DNS.answerTxt, msg.toString('utf8', p + 1, p + 1 + l));
      p += 1 + l;
    }
  }
  return null;
}

function v6(msg: Buffer, at: number): string {
  const words: string[] = [];
  for (let i = 0; i < 16; i += 2) words.push(msg.readUInt16BE(at + i).toString(16));
  return compressV6(words);
}

/** SVCB/HTTPS in presentation form: "HTTPS 1 . alpn=h3,h2 ipv4hint=... ipv6hint=...". */
function svcb(msg: Buffer, off: number, type: number, rd: number, rdlen: number, end: number): string {
  const stop = rd + rdlen;
  const parts = [type === 65 ? 'HTTPS' : 'SVCB', String(msg.readUInt16BE(rd))];
  const target = readName(msg, off, rd + 2, end);
  if (!target) return parts.join(' ');
  parts.push(target[0] === '<root>' ? '.' : target[0]);
  for (let p = target[1]; p + 4 <= stop; ) {
    const key = msg.readUInt16BE(p);
    const len = msg.readUInt16BE(p + 2);
    const v = p + 4;
    if (v + len > stop) break;
    if (key === 1) {
      const ids: string[] = [];
      for (let q = v; q < v + len; q += 1 + msg[q]) ids.push(msg.toString('latin1', q + 1, q + 1 + msg[q]));
      parts.push(`alpn=${ids.join(',')}`);
    } else if (key === 2) parts.push('no-default-alpn');
    else if (key === 3 && len === 2) parts.push(`port=${msg.readUInt16BE(v)}`);
    else if (key === 4) {
      const ips: string[] = [];
      for (let q = v; q + 4 <= v + len; q += 4) ips.push(`${msg[q]}.${msg[q + 1]}.${msg[q + 2]}.${msg[q + 3]}`);
      parts.push(`ipv4hint=${ips.join(',')}`);
    } else if (key === 6) {
      const ips: string[] = [];
      for (let q = v; q + 16 <= v + len; q += 16) ips.push(v6(msg, q));
      parts.push(`ipv6hint=${ips.join(',')}`);
    } else parts.push(`key${key}`);
    p = v + len;
  }
  return parts.join(' ');
}

function compressV6(words: string[]): string {
  let best = -1;
  let bestLen = 0;
  for (let i = 0; i < 8; ) {
    let j = i;
    while (j < 8 && words[j] === '0') j++;
    if (j - i > bestLen && j - i >= 2) {
      best = i;
      bestLen = j - i;
    }
    i = j === i ? i + 1 : j;
  }
  if (best < 0) return words.join(':');
  return `${words.slice(0, best).join(':')}::${words.slice(best + bestLen).join(':')}`;
}

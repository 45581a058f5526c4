// SMB1 and SMB2/3 messages (one NetBIOS session message each): session setups (native OS, LAN
// manager, domain; NTLMSSP in SMB1 only, as Arkime), tree connects (share), creates (file name),
// SMB2 negotiate (dialect).
import type { FieldSink } from '../types.js';
import { findNtlmssp } from '../ntlm/ntlmssp.js';
import { withAlso } from '../sink.js';
import { SMB } from './fields.js';

const DIALECTS: Record<number, string> = { 0x0202: 'SMB 2.0.2', 0x0210: 'SMB 2.1', 0x0300: 'SMB 3.0', 0x0302: 'SMB 3.0.2', 0x0311: 'SMB 3.1.1' };
/** NTLMSSP anywhere in an SMB1 message: its values also go to smb.user/host/domain. */
function ntlm(b: Buffer, start: number, end: number, out: FieldSink): void {
  findNtlmssp(b, start, end - start, withAlso(out, (f, v) => {
    if (f.exp === 'ntlm.domain') out.add(SMB.domain, v);
    else if (f.exp === 'ntlm.host') out.add(SMB.host, v);
    else if (f.exp === 'user') out.add(SMB.user, v);
  }));
}

/** NUL-terminated strings from `p`: UTF-16LE (aligned to the SMB header) or ASCII. */
function strings(b: Buffer, hdr: number, p: number, end: number, unicode: boolean, n: number): string[] {
  const out: string[] = [];
  if (unicode && (p - hdr) & 1) p++;
  for (let i = 0; i < n && p < end; i++) {
    let z = p;
    if (unicode) while (z + 1 < end && (b[z] || b[z + 1])) z += 2;
    else while (z < end && b[z]) z++;
    out.push(b.toString(unicode ? 'utf16le' : 'latin1', p, Math.min(z, end)));
    p = z + (unicode ? 2 : 1);
  }
  return out;
}

/** Only requests are read for names, as Arkime does (a server's native OS is not the client's). */
export function smb1(b: Buffer, h: number, end: number, out: FieldSink): void {
  if (h + 33 > end) return;
  ntlm(b, h, end, out);
  if (b[h + 9] & 0x80) return; // a response
  const cmd = b[h + 4];
  const unicode = (b.readUInt16LE(h + 10) & 0x8000) !== 0;
  const wc = b[h + 32];
  const words = h + 33;
  const bytes = words + 2 * wc + 2;
  if (bytes > end) return;
  const bend = Math.min(end, bytes + b.readUInt16LE(words + 2 * wc));
  if (cmd === 0x73) {
    let p = bytes;
    if (wc === 12) p += b.readUInt16LE(words + 14); // security blob
    else if (wc === 13) {
      p += b.readUInt16LE(words + 14) + b.readUInt16LE(words + 16);
      const [account, domain] = strings(b, h, p, bend, unicode, 2);
      if (account) out.add(SMB.user, account);
      if (domain) out.add(SMB.domain, domain);
      p = skipStrings(b, h, p, bend, unicode, 2);
    } else return;
    const [os, lanman, domain] = strings(b, h, p, bend, unicode, 3);
    if (os) out.add(SMB.os, os);
    if (lanman) out.add(SMB.version, lanman);
    if (domain && wc === 12) out.add(SMB.domain, domain);
  } else if (cmd === 0x75 && wc === 4) {
    const [path] = strings(b, h, bytes + b.readUInt16LE(words + 6), bend, unicode, 1);
    if (path) out.add(SMB.share, path);
  } else if (cmd === 0xa2 && wc === 24) {
    const [name] = strings(b, h, bytes, bend, unicode, 1);
    if (name) out.add(SMB.filename, name.replace(/^\\/, ''));
  }
}

function skipStrings(b: Buffer, hdr: number, p: number, end: number, unicode: boolean, n: number): number {
  if (unicode && (p - hdr) & 1) p++;
  for (let i = 0; i < n && p < end; i++) {
    if (unicode) {
      while (p + 1 < end && (b[p] || b[p + 1])) p += 2;
      p += 2;
    } else {
      while (p < end && b[p]) p++;
      p++;
    }
  }
  return p;
}

export function smb2(b: Buffer, h: number, end: number, out: FieldSink): void {
  for (let n = 0; n < 16 && h + 64 <= end; n++) {
    const cmd = b.readUInt16LE(h + 12);
    const response = (b.readUInt32LE(h + 16) & 1) !== 0;
    const body = h + 64;
    const next = b.readUInt32LE(h + 20);
    const stop = next ? Math.min(end, h + next) : end;
    const str16 = (offAt: number, lenAt: number) => {
      if (body + Math.max(offAt, lenAt) + 2 > stop) return '';
      const o = h + b.readUInt16LE(body + offAt);
      const l = b.readUInt16LE(body + lenAt);
      return o + l <= stop ? b.toString('utf16le', o, o + l) : '';
    };
    if (cmd === 0 && response && body + 6 <= stop) {
      const d = b.readUInt16LE(body + 4);
      if (d !== 0x02ff) out.add(SMB.dialect, DIALECTS[d] ?? `0x${d.toString(16)}`);
    } else if (cmd === 3 && !response) {
      const share = str16(4, 6);
      if (share) out.add(SMB.share, share);
    } else if (cmd === 5 && !response) {
      const name = str16(44, 46);
      if (name) out.add(SMB.filename, name);
    }
    if (!next) return;
    h += next;
  }
}

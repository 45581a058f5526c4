// NTLMSSP messages, wherever they are carried (SMB, HTTP/SMTP/IMAP/POP3 AUTH, LDAP, DCE/RPC, TDS):
// carriers call findNtlmssp on their payload or on a decoded token.
import type { FieldSink } from '../types.js';
import { NTLM, USER } from './fields.js';

const MAGIC = Buffer.from('NTLMSSP\0', 'latin1');
const FLAG_UNICODE = 0x1;
const FLAG_VERSION = 0x02000000;

function secbuf(m: Buffer, at: number, unicode: boolean): string {
  if (at + 8 > m.length) return '';
  const len = m.readUInt16LE(at);
  const off = m.readUInt32LE(at + 4);
  if (!len || off + len > m.length) return '';
  return m.toString(unicode ? 'utf16le' : 'latin1', off, off + len);
}

function version(m: Buffer, at: number, flags: number, out: FieldSink): void {
  if (!(flags & FLAG_VERSION) || at + 8 > m.length) return;
  out.add(NTLM.version, `${m[at]}.${m[at + 1]}.${m.readUInt16LE(at + 2)}`);
}

/** Parses one NTLMSSP message starting at `m[0]`; returns whether it was one. */
export function parseNtlmssp(m: Buffer, out: FieldSink): boolean {
  if (m.length < 12 || m.compare(MAGIC, 0, 8, 0, 8) !== 0) return false;
  const type = m.readUInt32LE(8);
  if (type < 1 || type > 3) return false;
  out.protocol('ntlm');
  out.add(NTLM.type, type);
  const put = (f: typeof NTLM.domain, v: string) => void (v && out.add(f, v));
  if (type === 1 && m.length >= 16) {
    const flags = m.readUInt32LE(12);
    put(NTLM.domain, secbuf(m, 16, false));
    put(NTLM.host, secbuf(m, 24, false));
    version(m, 32, flags, out);
  } else if (type === 2 && m.length >= 24) {
    const flags = m.readUInt32LE(20);
    put(NTLM.targetName, secbuf(m, 12, (flags & FLAG_UNICODE) !== 0));
    version(m, 48, flags, out);
  } else if (type === 3 && m.length >= 64) {
    const flags = m.readUInt32LE(60);
    const uni = (flags & FLAG_UNICODE) !== 0;
    put(NTLM.domain, secbuf(m, 28, uni));
    const user = secbuf(m, 36, uni);
    if (user) out.add(USER, user.toLowerCase());
    put(NTLM.host, secbuf(m, 44, uni));
    version(m, 64, flags, out);
  }
  return true;
}

/** Finds and parses every NTLMSSP message inside a chunk of a binary carrier. */
export function findNtlmssp(buf: Buffer, off: number, len: number, out: FieldSink): void {
  const view = buf.subarray(off, off + len);
  for (let at = view.indexOf(MAGIC); at >= 0; at = view.indexOf(MAGIC, at + 8)) parseNtlmssp(view.subarray(at), out);
}

/** Parses a base64 token (HTTP Authorization, SASL AUTH lines) if it holds NTLMSSP. */
export function parseNtlmBase64(token: string, out: FieldSink): boolean {
  const t = token.trim();
  return t.startsWith('TlRMTVNT') && parseNtlmssp(Buffer.from(t, 'base64'), out);
}

// SSH over a reassembled TCP stream: the identification line of each side, then the binary
// packets in clear up to NEWKEYS: KEXINIT (HASSH, HASSH-server, algorithms) and the server's
// key-exchange reply (host key).
import { fingerprintDigest } from '../digest.js';
import type { FieldSink, ProtocolParser } from '../types.js';
import { SSH } from './fields.js';

const MAX_BUFFER = 64 * 1024;
const KEXINIT = 20;
const NEWKEYS = 21;

class Direction {
  buf = Buffer.alloc(0);
  versionSeen = false;
  done = false;
  lists: string[] | null = null;
}

function nameLists(p: Buffer): string[] | null {
  const lists: string[] = [];
  let at = 17; // message type + cookie
  for (let i = 0; i < 10; i++) {
    if (at + 4 > p.length) return null;
    const n = p.readUInt32BE(at);
    if (at + 4 + n > p.length) return null;
    lists.push(p.toString('latin1', at + 4, at + 4 + n));
    at += 4 + n;
  }
  return lists;
}

export class SshParser implements ProtocolParser {
  private readonly dirs = [new Direction(), new Direction()];

  feed(dir: number, buf: Buffer, off: number, len: number, out: FieldSink): boolean {
    const d = this.dirs[dir];
    if (d.done) return !this.dirs.every((x) => x.done);
    d.buf = Buffer.concat([d.buf, buf.subarray(off, off + len)]);
    if (!d.versionSeen) {
      const nl = d.buf.indexOf(10);
      if (nl < 0) {
        if (d.buf.length > 1024) d.done = true;
        return !this.dirs.every((x) => x.done);
      }
      const line = d.buf.toString('latin1', 0, nl).replace(/\r$/, '');
      d.buf = d.buf.subarray(nl + 1);
      // Servers may send other lines before the identification string.
      if (line.startsWith('SSH-')) {
        d.versionSeen = true;
        out.add(SSH.version, line.toLowerCase());
        if (line.startsWith('SSH-1.') && !line.startsWith('SSH-1.99')) d.done = true; // SSHv1 has no KEXINIT
      }
      return this.feed(dir, Buffer.alloc(0), 0, 0, out);
    }
    while (d.buf.length >= 6 && !d.done) {
      const plen = d.buf.readUInt32BE(0);
      if (plen > 35000 || plen < 2) {
        d.done = true;
        break;
      }
      if (d.buf.length < 4 + plen) break;
      const pad = d.buf[4];
      const payload = d.buf.subarray(5, 4 + plen - pad);
      d.buf = d.buf.subarray(4 + plen);
      this.packet(dir, d, payload, out);
    }
    if (d.buf.length > MAX_BUFFER) d.done = true;
    return !this.dirs.every((x) => x.done);
  }

  private packet(dir: number, d: Direction, p: Buffer, out: FieldSink): void {
    if (p.length === 0) return;
    const type = p[0];
    if (type === KEXINIT) {
      const lists = nameLists(p);
      if (!lists) return;
      d.lists = lists;
      const [kex, , encC, encS, macC, macS, compC, compS] = lists;
      if (dir === 0) out.add(SSH.hassh, md5(`${kex};${encC};${macC};${compC}`));
      else out.add(SSH.hasshServer, md5(`${kex};${encS};${macS};${compS}`));
      for (const k of kex.split(',')) if (k) out.add(SSH.kex, k);
    } else if (type === NEWKEYS) d.done = true;
    else if (dir === 1 && (type === 31 || type === 33) && p.length > 5) {
      // KEXDH_REPLY / KEX_ECDH_REPLY (31) or KEX_DH_GEX_REPLY (33); 31 is the GEX group message
      // when a group exchange was negotiated.
      const gex = this.negotiatedKex().includes('group-exchange');
      if ((type === 31) === gex) return;
      const n = p.readUInt32BE(1);
      if (5 + n <= p.length) out.add(SSH.key, p.toString('base64', 5, 5 + n));
    }
  }

  private negotiatedKex(): string {
    const c = this.dirs[0].lists?.[0].split(',') ?? [];
    const s = new Set(this.dirs[1].lists?.[0].split(',') ?? []);
    return c.find((k) => s.has(k)) ?? '';
  }
}

const md5 = (s: string) => fingerprintDigest('md5', s);

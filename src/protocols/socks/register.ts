// SOCKS 4/4a/5: the request names the destination; once the server grants it, the stream carries
// the tunnelled protocol, which is classified afresh (HTTP, TLS...).
import type { FieldSink, ProtocolDef, ProtocolParser } from '../types.js';
import { USER } from '../ntlm/fields.js';
import { SOCKS } from './fields.js';

type State = 'greeting' | 'auth' | 'request' | 'done';

class SocksParser implements ProtocolParser {
  private state: State = 'greeting';
  private v5 = false;

  feed(dir: number, b: Buffer, off: number, len: number, out: FieldSink): boolean {
    if (this.state !== 'done') {
      if (dir === 0) this.client(b, off, len, out);
      else this.server(b, off, len, out);
    }
    return this.state !== ('done' as State);
  }

  private client(b: Buffer, o: number, len: number, out: FieldSink): void {
    if (this.state === 'greeting' && b[o] === 4 && len >= 9) {
      out.add(SOCKS.port, b.readUInt16BE(o + 2));
      const end = o + len;
      let z = b.indexOf(0, o + 8);
      if (z < 0 || z >= end) z = end;
      if (z > o + 8) out.add(SOCKS.user, b.toString('latin1', o + 8, z));
      if (b[o + 4] === 0 && b[o + 5] === 0 && b[o + 6] === 0 && b[o + 7] !== 0) {
        // SOCKS 4a: the host name follows the user id.
        const h = b.indexOf(0, z + 1);
        if (z + 1 < end) out.add(SOCKS.host, b.toString('latin1', z + 1, h < 0 || h > end ? end : h).toLowerCase());
      } else out.add(SOCKS.ip, `${b[o + 4]}.${b[o + 5]}.${b[o + 6]}.${b[o + 7]}`);
      this.state = 'request';
    } else if (this.state === 'greeting' && !this.v5 && b[o] === 5) {
      this.v5 = true;
      // Clients may send the request right behind the greeting, without waiting.
      const n = 2 + b[o + 1];
      if (len > n + 6 && b[o + n] === 5) this.request(b, o + n, len - n, out);
    } else if (this.state === 'auth' && b[o] === 1 && len >= 2) {
      const user = b.toString('latin1', o + 2, o + 2 + Math.min(b[o + 1], len - 2));
      out.add(SOCKS.user, user);
      out.add(USER, user.toLowerCase());
    } else if (this.v5 && b[o] === 5 && len >= 7) this.request(b, o, len, out);
  }

  private request(b: Buffer, o: number, len: number, out: FieldSink): void {
    const atyp = b[o + 3];
    let p = o + 4;
    if (atyp === 1 && len >= 10) {
      out.add(SOCKS.ip, `${b[p]}.${b[p + 1]}.${b[p + 2]}.${b[p + 3]}`);
      p += 4;
    } else if (atyp === 3) {
      out.add(SOCKS.host, b.toString('latin1', p + 1, p + 1 + b[p]).toLowerCase());
      p += 1 + b[p];
    } else if (atyp === 4 && len >= 22) {
      const groups: string[] = [];
      for (let i = 0; i < 16; i += 2) groups.push(b.readUInt16BE(p + i).toString(16));
      out.add(SOCKS.ip, groups.join(':'));
      p += 16;
    } else return;
    if (p + 2 <= o + len) out.add(SOCKS.port, b.readUInt16BE(p));
    this.state = 'request';
  }

  private server(b: Buffer, o: number, len: number, out: FieldSink): void {
    if (this.v5 && this.state !== 'auth' && len >= 2 && b[o] === 5 && (len === 2 || (len > 2 && b[o + 2] === 5))) {
      // Method selection, possibly followed by the reply to a pipelined request.
      if (b[o + 1] === 2) this.state = 'auth';
      if (len === 2) return;
      o += 2;
      len -= 2;
    }
    if (this.v5 && this.state === 'auth') {
      this.state = 'greeting';
      return;
    }
    if (this.state !== 'request') return;
    const granted = this.v5 ? b[o] === 5 && b[o + 1] === 0 : len >= 2 && b[o] === 0 && b[o + 1] === 0x5a;
    this.state = 'done';
    if (granted) out.handoff();
  }
}

export const socks: ProtocolDef = {
  name: 'socks',
  transport: 'tcp',
  ports: [1080],
  signature: (b, o, len) =>
    (len >= 9 && b[o] === 4 && (b[o + 1] === 1 || b[o + 1] === 2) && b[o + len - 1] === 0) ||
    (len >= 3 && b[o] === 5 && b[o + 1] >= 1 && b[o + 1] <= 9 && (len === 2 + b[o + 1] || (len > 2 + b[o + 1] && b[o + 2 + b[o + 1]] === 5))),
  create: () => new SocksParser(),
};

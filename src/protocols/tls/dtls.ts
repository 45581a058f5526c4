// DTLS over UDP: records carry handshake fragments with their own offsets; the ClientHello (JA3,
// JA4 with "d"), ServerHello and the server's certificates are read once reassembled.
import type { FieldSink, ProtocolDef, ProtocolParser } from '../types.js';
import { clientHello, serverHello } from './hello.js';
import { certificates } from './parser.js';

const MAX_MESSAGE = 64 * 1024;

class DtlsParser implements ProtocolParser {
  /** Per direction: handshake message sequence -> reassembly buffer and bytes received. */
  private readonly pending = [new Map<number, { buf: Buffer; got: number }>(), new Map<number, { buf: Buffer; got: number }>()];
  private readonly done = [false, false];
  private datagrams = 0;

  feed(dir: number, b: Buffer, o: number, len: number, out: FieldSink): boolean {
    const end = o + len;
    for (let p = o; p + 13 <= end && !this.done[dir]; ) {
      const type = b[p];
      const rlen = b.readUInt16BE(p + 11);
      if (type < 20 || type > 25 || p + 13 + rlen > end) break;
      if (type === 22 && b.readUInt16BE(p + 3) === 0) this.handshake(dir, b, p + 13, p + 13 + rlen, out);
      else if (type === 20 || type === 23) this.done[dir] = true;
      p += 13 + rlen;
    }
    return ++this.datagrams < 32 && !(this.done[0] && this.done[1]);
  }

  private handshake(dir: number, b: Buffer, p: number, end: number, out: FieldSink): void {
    while (p + 12 <= end) {
      const type = b[p];
      const total = b.readUIntBE(p + 1, 3);
      const seq = b.readUInt16BE(p + 4);
      const fragOff = b.readUIntBE(p + 6, 3);
      const fragLen = b.readUIntBE(p + 9, 3);
      if (total > MAX_MESSAGE || fragOff + fragLen > total || p + 12 + fragLen > end) return;
      let m = this.pending[dir].get(seq);
      if (!m) this.pending[dir].set(seq, (m = { buf: Buffer.alloc(total), got: 0 }));
      b.copy(m.buf, fragOff, p + 12, p + 12 + fragLen);
      m.got += fragLen;
      if (m.got >= total) {
        this.pending[dir].delete(seq);
        try {
          if (type === 1) clientHello(m.buf, out, 'd');
          else if (type === 2) serverHello(m.buf, out);
          else if (type === 11) certificates(m.buf, out);
        } catch {
          // What was read before the damage stays.
        }
        if (type === 11 || type === 14) this.done[dir] = true;
      }
      p += 12 + fragLen;
    }
  }
}

export const dtls: ProtocolDef = {
  name: 'dtls',
  transport: 'udp',
  ports: [],
  signature: (b, o, l) => l >= 13 && b[o] >= 20 && b[o] <= 24 && ((b[o + 1] === 0xfe && b[o + 2] >= 0xfd) || (b[o + 1] === 1 && b[o + 2] === 0)),
  create: () => new DtlsParser(),
};

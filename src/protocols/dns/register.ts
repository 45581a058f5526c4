// DNS over UDP (one message per datagram) and TCP (2-byte length prefix per message), plus mDNS
// and LLMNR, which share the message format. Classified by port: DNS has no reliable signature.
import type { FieldSink, ProtocolDef, ProtocolParser } from '../types.js';
import { parseDnsMessage } from './parser.js';
import { own } from '../../session/retain.js';

/** Messages parsed per session: DNS tunnels are long flows whose every name matters. */
const MAX_MESSAGES = 100_000;
const MAX_TCP_MESSAGE = 65535;

class DnsUdp implements ProtocolParser {
  private messages = 0;
  feed(_dir: number, buf: Buffer, off: number, len: number, out: FieldSink): boolean {
    parseDnsMessage(buf, off, len, out);
    return ++this.messages < MAX_MESSAGES;
  }
}

class DnsTcp implements ProtocolParser {
  private readonly pending: Buffer[] = [Buffer.alloc(0), Buffer.alloc(0)];
  private messages = 0;
  feed(dir: number, buf: Buffer, off: number, len: number, out: FieldSink): boolean {
    let b = this.pending[dir].length ? Buffer.concat([this.pending[dir], buf.subarray(off, off + len)]) : buf.subarray(off, off + len);
    while (b.length >= 2) {
      const n = b.readUInt16BE(0);
      if (b.length < 2 + n) break;
      if (!parseDnsMessage(b, 2, n, out) || ++this.messages >= MAX_MESSAGES) return false;
      b = b.subarray(2 + n);
    }
    if (b.length > MAX_TCP_MESSAGE + 2) return false;
    this.pending[dir] = own(b);
    return true;
  }
}

export const dns: ProtocolDef = { name: 'dns', transport: 'udp', ports: [53], create: () => new DnsUdp() };
export const dnsTcp: ProtocolDef = { name: 'dns', transport: 'tcp', ports: [53], create: () => new DnsTcp() };
export const mdns: ProtocolDef = { name: 'mdns', transport: 'udp', ports: [5353], create: () => new DnsUdp() };
export const llmnr: ProtocolDef = { name: 'llmnr', transport: 'udp', ports: [5355], create: () => new DnsUdp() };

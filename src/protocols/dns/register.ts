// DNS over UDP: classified by port (DNS has no reliable content signature), one message per datagram.
import type { FieldSink, ProtocolDef, ProtocolParser } from '../types.js';
import { parseDnsMessage } from './parser.js';

class DnsUdp implements ProtocolParser {
  private messages = 0;
  feed(_dir: number, buf: Buffer, off: number, len: number, out: FieldSink): boolean {
    parseDnsMessage(buf, off, len, out);
    // A DNS flow is a handful of messages; past that, parsing adds nothing an analyst searches for.
    return ++this.messages < 64;
  }
}

export const dns: ProtocolDef = { name: 'dns', transport: 'udp', ports: [53], create: () => new DnsUdp() };

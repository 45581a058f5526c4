// TLS: a handshake record (0x16 0x03) opening a stream, on any port; 443 as the fallback.
import type { ProtocolDef } from '../types.js';
import { TlsParser } from './parser.js';

export const tls: ProtocolDef = {
  name: 'tls',
  transport: 'tcp',
  ports: [443],
  signature: (buf, off, len) => len >= 6 && buf[off] === 0x16 && buf[off + 1] === 0x03 && buf[off + 2] <= 0x04 && (buf[off + 5] === 1 || buf[off + 5] === 2),
  create: () => new TlsParser(),
};

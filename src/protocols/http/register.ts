// HTTP/1.x: recognised by a request or status line on any port; 80 and 8080 as the fallback.
import type { ProtocolDef } from '../types.js';
import { HttpParser } from './parser.js';

const METHODS = ['GET ', 'POST ', 'HEAD ', 'PUT ', 'DELETE ', 'OPTIONS ', 'PATCH ', 'CONNECT ', 'TRACE ', 'HTTP/1.'];
const SIGS = METHODS.map((m) => Buffer.from(m));

export const http: ProtocolDef = {
  name: 'http',
  transport: 'tcp',
  ports: [80, 8080],
  signature(buf, off, len) {
    for (const s of SIGS) if (len >= s.length && buf.compare(s, 0, s.length, off, off + s.length) === 0) return true;
    return false;
  },
  create: (opts) => new HttpParser(opts?.httpAllHeaders ?? false),
};

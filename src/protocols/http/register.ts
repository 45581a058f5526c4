// HTTP/1.x: recognised by a request or status line on any port; 80 and 8080 as the fallback.
import type { ProtocolDef } from '../types.js';
import { HttpParser } from './parser.js';
import { opensMessage } from './starts.js';

export const http: ProtocolDef = {
  name: 'http',
  transport: 'tcp',
  ports: [80, 8080],
  signature: opensMessage,
  create: (opts) => new HttpParser(opts?.httpAllHeaders ?? false),
};

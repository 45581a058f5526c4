// HTTP/2 with prior knowledge: the client's connection preface names it.
import type { ProtocolDef } from '../types.js';
import { anyPrefix } from '../misc/signatures.js';
import { Http2Parser } from './parser.js';

export const http2: ProtocolDef = {
  name: 'http2', transport: 'tcp', ports: [],
  signature: anyPrefix('PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n'),
  create: (opts) => new Http2Parser(opts?.httpAllHeaders ?? false),
};

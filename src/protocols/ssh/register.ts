// SSH: an identification string ("SSH-") from either side, on any port; 22 as the fallback.
import type { ProtocolDef } from '../types.js';
import { anyPrefix } from '../misc/signatures.js';
import { SshParser } from './parser.js';

export const ssh: ProtocolDef = { name: 'ssh', transport: 'tcp', ports: [22], signature: anyPrefix('SSH-'), create: () => new SshParser() };

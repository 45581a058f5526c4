// POP3 and IMAP: classified by their server greetings (or ports).
import type { ProtocolDef } from '../types.js';
import { anyPrefix } from '../misc/signatures.js';
import { ImapParser, Pop3Parser } from './parser.js';

export const pop3: ProtocolDef = { name: 'pop3', transport: 'tcp', ports: [110], signature: anyPrefix('+OK '), create: () => new Pop3Parser() };
export const imap: ProtocolDef = { name: 'imap', transport: 'tcp', ports: [143], signature: anyPrefix('* OK '), create: () => new ImapParser() };

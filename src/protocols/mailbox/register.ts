// POP3 and IMAP: classified by their server greetings (or ports); SASL NTLM exchanges, carried
// as base64 lines, are parsed.
import type { FieldSink, ProtocolDef, ProtocolParser } from '../types.js';
import { LineBuffer } from '../lines.js';
import { parseNtlmBase64 } from '../ntlm/ntlmssp.js';
import { anyPrefix } from '../misc/signatures.js';

const MAX_LINES = 200;

class MailboxParser implements ProtocolParser {
  private readonly lines = [new LineBuffer(), new LineBuffer()];
  private seen = 0;
  feed(dir: number, buf: Buffer, off: number, len: number, out: FieldSink): boolean {
    this.lines[dir].push(buf, off, len, (l) => {
      this.seen++;
      // A line, or its last word (IMAP "+ <token>", POP3 "+ <token>"), may be an NTLM token.
      parseNtlmBase64(l.slice(l.lastIndexOf(' ') + 1), out);
    });
    return this.seen < MAX_LINES;
  }
}

export const pop3: ProtocolDef = { name: 'pop3', transport: 'tcp', ports: [110], signature: anyPrefix('+OK '), create: () => new MailboxParser() };
export const imap: ProtocolDef = { name: 'imap', transport: 'tcp', ports: [143], signature: anyPrefix('* OK '), create: () => new MailboxParser() };

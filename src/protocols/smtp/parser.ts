// SMTP over a reassembled TCP stream: client commands (HELO/EHLO, MAIL FROM, RCPT TO, DATA,
// AUTH NTLM, STARTTLS) and each message's headers and MIME parts; STARTTLS hands the stream to TLS.
import type { FieldSink, ProtocolParser } from '../types.js';
import { LineBuffer } from '../lines.js';
import { parseNtlmBase64 } from '../ntlm/ntlmssp.js';
import { EMAIL } from './fields.js';
import { MessageParser } from './message.js';

const address = (arg: string) => (/<([^>]*)>/.exec(arg)?.[1] ?? arg.split(/\s/)[0]).trim().toLowerCase();

export class SmtpParser implements ProtocolParser {
  private readonly lines = [new LineBuffer(), new LineBuffer()];
  private message: MessageParser | null = null;
  private auth = false;
  private starttls = false;
  /** BDAT (CHUNKING): message bytes still expected in the current chunk, and whether it is the last. */
  private bdat = 0;
  private bdatLast = false;
  private inData = false;

  feed(dir: number, buf: Buffer, off: number, len: number, out: FieldSink): boolean {
    const ok = this.lines[dir].push(buf, off, len, (l) => (dir === 0 ? this.client(l, out) : this.server(l, out)));
    return ok;
  }

  private endMessage(): void {
    this.message?.end();
    this.message = null;
    this.inData = false;
    this.bdat = 0;
    this.bdatLast = false;
  }

  private server(line: string, out: FieldSink): boolean {
    if (this.auth && line.startsWith('334 ')) parseNtlmBase64(line.slice(4), out);
    if (this.starttls && line.startsWith('220')) {
      // TLS from here on, unless the capture was decrypted: the next chunks are classified again.
      this.starttls = false;
      out.handoff();
    }
    return true;
  }

  private client(line: string, out: FieldSink): boolean {
    if (this.message && this.bdat > 0) {
      // BDAT chunk: counted bytes, no dot-stuffing (assumes CR LF line ends).
      this.message.line(line);
      this.bdat -= line.length + 2;
      if (this.bdat <= 0 && this.bdatLast) this.endMessage();
      return true;
    }
    if (this.message && this.inData) {
      if (line === '.') this.endMessage();
      else this.message.line(line.startsWith('..') ? line.slice(1) : line);
      return true;
    }
    if (this.auth && !/^[A-Z]{4}/.test(line)) {
      parseNtlmBase64(line, out);
      return true;
    }
    this.auth = false;
    const sp = line.indexOf(' ');
    const verb = (sp < 0 ? line : line.slice(0, sp)).toUpperCase();
    const arg = sp < 0 ? '' : line.slice(sp + 1).trim();
    if (verb === 'HELO' || verb === 'EHLO') out.add(EMAIL.hello, arg.toLowerCase());
    else if (verb === 'MAIL' && /^FROM:/i.test(arg)) out.add(EMAIL.src, address(arg.slice(5)));
    else if (verb === 'RCPT' && /^TO:/i.test(arg)) out.add(EMAIL.dst, address(arg.slice(3)));
    else if (verb === 'DATA') {
      this.message = new MessageParser(out);
      this.inData = true;
    }
    else if (verb === 'BDAT') {
      const [n, last] = arg.split(/\s+/);
      this.bdat = Number(n) || 0;
      this.bdatLast = /^LAST$/i.test(last ?? '');
      this.message ??= new MessageParser(out);
    }
    else if (verb === 'STARTTLS') this.starttls = true;
    else if (verb === 'AUTH' && /^NTLM\b/i.test(arg)) {
      this.auth = true;
      parseNtlmBase64(arg.slice(4), out);
    }
    return true;
  }
}

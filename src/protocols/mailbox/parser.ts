// POP3 and IMAP over reassembled TCP: the messages a client retrieves (POP3 RETR/TOP, IMAP FETCH
// of BODY[]/RFC822/BODY[HEADER]) or uploads (IMAP APPEND) go through the SMTP module's message
// parser into the email fields; SASL NTLM exchanges (base64 lines) are parsed too.
import type { FieldSink, ProtocolParser } from '../types.js';
import { LineBuffer } from '../lines.js';
import { parseNtlmBase64 } from '../ntlm/ntlmssp.js';
import { MessageParser } from '../smtp/message.js';

/** Lines looked at outside messages before a session's parsing stops (mailbox listings are long). */
const MAX_CONTROL_LINES = 2000;
/** Messages parsed per session. */
const MAX_MESSAGES = 64;

abstract class MailboxParser implements ProtocolParser {
  protected readonly lines = [new LineBuffer(), new LineBuffer()];
  protected control = 0;
  protected messages = 0;
  protected out!: FieldSink;

  feed(dir: number, buf: Buffer, off: number, len: number, out: FieldSink): boolean {
    this.out = out;
    this.lines[dir].push(buf, off, len, dir === 0 ? this.clientLine : this.serverLine);
    return this.control < MAX_CONTROL_LINES;
  }

  end(): void {
    this.finishMessages();
  }

  protected abstract finishMessages(): void;

  /** A line, or its last word (IMAP "+ <token>", POP3 "+ <token>"), may be an NTLM token. */
  protected ntlm(l: string): void {
    parseNtlmBase64(l.slice(l.lastIndexOf(' ') + 1), this.out);
  }

  protected newMessage(): MessageParser | null {
    return ++this.messages <= MAX_MESSAGES ? new MessageParser(this.out) : null;
  }

  protected abstract readonly clientLine: (l: string) => void;
  protected abstract readonly serverLine: (l: string) => void;
}

const POP3_COMMANDS = new Set(['USER', 'PASS', 'APOP', 'AUTH', 'STAT', 'LIST', 'UIDL', 'RETR', 'TOP', 'DELE', 'NOOP', 'RSET', 'QUIT', 'CAPA', 'STLS', 'UTF8', 'LANG', 'XTND']);

/** POP3 (RFC 1939): each client command gets one response; RETR and TOP answer with a message. */
export class Pop3Parser extends MailboxParser {
  /** Commands awaiting their response, oldest first (clients may pipeline, RFC 2449). */
  private readonly pending: string[] = [];
  /** Inside a multi-line response: the message being read, or null while skipping a listing. */
  private multi: { message: MessageParser | null } | null = null;

  protected finishMessages(): void {
    this.multi?.message?.end();
    this.multi = null;
  }

  protected readonly clientLine = (l: string): void => {
    this.control++;
    this.ntlm(l);
    const verb = l.split(' ', 1)[0].toUpperCase();
    // SASL exchanges (AUTH, then base64 lines after "+ ") are not commands and get no +OK/-ERR each.
    if (!POP3_COMMANDS.has(verb)) return;
    const args = l.slice(verb.length).trim();
    if (this.pending.length < 32) this.pending.push(verb === 'LIST' || verb === 'UIDL' ? (args ? 'ONE' : 'LISTING') : verb);
  };

  protected readonly serverLine = (l: string): void => {
    if (this.multi) {
      if (l === '.') return this.finishMessages();
      // A listing never holds a status line: one here means the server forgot the final dot.
      if (!this.multi.message && (l.startsWith('+OK') || l.startsWith('-ERR'))) this.finishMessages();
      else {
        this.multi.message?.line(l.startsWith('..') ? l.slice(1) : l);
        return;
      }
    }
    this.control++;
    this.ntlm(l);
    if (!l.startsWith('+OK') && !l.startsWith('-ERR')) return;
    const cmd = this.pending.shift();
    if (!l.startsWith('+OK')) return;
    if (cmd === 'RETR' || cmd === 'TOP') this.multi = { message: this.newMessage() };
    else if (cmd === 'LISTING' || cmd === 'CAPA') this.multi = { message: null };
  };
}

/** Message-bearing FETCH items; BODY[TEXT] and partial bodies carry no headers and are skipped. */
const FETCH_LITERAL = /(?:BODY\[\]|BODY\[HEADER\]|RFC822|RFC822\.HEADER)(?:<\d+>)?\s*\{(\d+)\}$/i;
const APPEND_LITERAL = /^\S+\s+APPEND\s.*\{(\d+)\+?\}$/i;

/** IMAP (RFC 9051): messages arrive as literals ({N} then N bytes) in FETCH responses and APPENDs. */
export class ImapParser extends MailboxParser {
  /** Per direction: the literal being read and the bytes of it still to come. */
  private readonly literal: ({ message: MessageParser | null; left: number } | null)[] = [null, null];

  protected finishMessages(): void {
    for (let d = 0; d < 2; d++) {
      this.literal[d]?.message?.end();
      this.literal[d] = null;
    }
  }

  protected readonly clientLine = (l: string): void => this.line(0, l, APPEND_LITERAL);
  protected readonly serverLine = (l: string): void => this.line(1, l, FETCH_LITERAL);

  private line(dir: number, l: string, opener: RegExp): void {
    const lit = this.literal[dir];
    if (lit) {
      // Counted bytes; lines are assumed to end in CR LF as RFC 5322 requires.
      lit.left -= l.length + 2;
      lit.message?.line(l);
      if (lit.left <= 0) {
        lit.message?.end();
        this.literal[dir] = null;
      }
      return;
    }
    this.control++;
    this.ntlm(l);
    const m = opener.exec(l);
    const size = m ? Number(m[1]) : 0;
    if (size > 0) this.literal[dir] = { message: this.newMessage(), left: size };
  }
}

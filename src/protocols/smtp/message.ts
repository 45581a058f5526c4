// An Internet message (RFC 5322 + MIME) fed line by line: top-level headers into email fields,
// MIME parts walked by boundary, base64 attachments decoded (bounded) and hashed.
import { hash } from 'node:crypto';
import { isIP } from 'node:net';
import type { FieldSink } from '../types.js';
import { bodyMagic } from '../magic.js';
import { EMAIL } from './fields.js';

const MAX_ATTACHMENT = 8 * 1024 * 1024;
/** Headers with a field of their own; the rest go to has-header.name/value as Arkime does. */
const KNOWN = new Set(['subject', 'message-id', 'x-mailer', 'user-agent', 'content-type', 'mime-version', 'from', 'to', 'cc', 'received', 'x-originating-ip', 'x-priority', 'x-elnk-trace']);

/** RFC 2047 encoded words (=?charset?B|Q?text?=); whitespace between words is kept, as Arkime keeps it. */
export function decodeWords(v: string): string {
  return v.replace(/=\?([^?]+)\?([BbQq])\?([^?]*)\?=/g, (_all, cs: string, enc: string, text: string) => {
    const bytes = /b/i.test(enc) ? Buffer.from(text, 'base64') : Buffer.from(text.replace(/_/g, ' ').replace(/=([0-9A-Fa-f]{2})/g, (_m, h: string) => String.fromCharCode(parseInt(h, 16))), 'latin1');
    try {
      return new TextDecoder(cs.toLowerCase()).decode(bytes);
    } catch {
      return bytes.toString('latin1');
    }
  });
}

const param = (value: string, name: string) => new RegExp(`${name}\\*?=\\s*(?:"([^"]*)"|([^;\\s]+))`, 'i').exec(value);

export class MessageParser {
  private inHeaders = true;
  private header: [string, string] | null = null;
  private readonly boundaries: string[] = [];
  private part: { headers: Map<string, string>; inHeaders: boolean; chunks: string[]; size: number; keep: boolean } | null = null;

  constructor(private readonly out: FieldSink) {}

  line(text: string): void {
    if (this.inHeaders) return this.headerLine(text);
    if (this.boundaries.length && text.startsWith('--')) {
      const b = this.boundaries.find((x) => text.startsWith(`--${x}`));
      if (b !== undefined) {
        this.endPart();
        if (!text.startsWith(`--${b}--`)) this.part = { headers: new Map(), inHeaders: true, chunks: [], size: 0, keep: false };
        return;
      }
    }
    const part = this.part;
    if (!part) return;
    if (part.inHeaders) {
      if (text === '') {
        part.inHeaders = false;
        const ct = part.headers.get('content-type') ?? '';
        // Only named base64 parts (attachments) are decoded and hashed: keep just their lines.
        part.keep = /base64/i.test(part.headers.get('content-transfer-encoding') ?? '') && !!(param(part.headers.get('content-disposition') ?? '', 'filename') ?? param(ct, 'name'));
        const boundary = /^multipart\//i.test(ct) ? param(ct, 'boundary') : null;
        if (boundary) this.boundaries.push(boundary[1] ?? boundary[2]);
      } else if (/^[ \t]/.test(text)) {
        const last = [...part.headers.keys()].pop();
        if (last) part.headers.set(last, `${part.headers.get(last)} ${text.trim()}`);
      } else {
        const c = text.indexOf(':');
        if (c > 0) part.headers.set(text.slice(0, c).trim().toLowerCase(), text.slice(c + 1).trim());
      }
      return;
    }
    if (part.keep && part.size < MAX_ATTACHMENT) {
      part.chunks.push(text);
      part.size += text.length;
    }
  }

  end(): void {
    this.flushHeader();
    this.endPart();
  }

  private headerLine(text: string): void {
    if (text === '') {
      this.flushHeader();
      this.inHeaders = false;
      return;
    }
    // Unfolding removes only the line break, as Arkime does; one space after the colon is dropped.
    if (/^[ \t]/.test(text) && this.header) {
      this.header[1] += text.replace(/^\t/, ' ');
      return;
    }
    this.flushHeader();
    const c = text.indexOf(':');
    if (c > 0) this.header = [text.slice(0, c).trim().toLowerCase(), text.slice(c + 1).replace(/^[ \t]/, '')];
  }

  private flushHeader(): void {
    if (!this.header) return;
    const [name, value] = this.header;
    this.header = null;
    const out = this.out;
    out.add(EMAIL.header, name);
    switch (name) {
      case 'subject': out.add(EMAIL.subject, decodeWords(value)); break;
      case 'message-id': out.add(EMAIL.id, value.trim().replace(/^<|>$/g, '')); break;
      case 'x-mailer': case 'user-agent': out.add(EMAIL.userAgent, value); break;
      case 'mime-version': out.add(EMAIL.mimeVersion, value); break;
      case 'content-type': {
        out.add(EMAIL.contentType, value);
        const b = /^multipart\//i.test(value) ? param(value, 'boundary') : null;
        if (b) this.boundaries.push(b[1] ?? b[2]);
        break;
      }
      case 'received': this.received(value); break;
      case 'from': this.addresses(value, EMAIL.src); break;
      case 'to': case 'cc': this.addresses(value, EMAIL.dst); break;
      case 'x-originating-ip': this.ip(value); break;
      default:
        if (!KNOWN.has(name)) {
          out.add(EMAIL.headerName, name);
          out.add(EMAIL.headerValue, value);
        }
    }
  }

  private received(value: string): void {
    for (const m of value.matchAll(/(?:^|\s)(?:from|by)\s+([A-Za-z0-9][A-Za-z0-9.-]*)(?=[\s;(]|$)/gi)) {
      if (!/^[0-9.]+$/.test(m[1]) && !isIP(m[1])) this.out.add(EMAIL.host, m[1].toLowerCase());
    }
    // "(from user@host)" names the submitting host after the @.
    for (const m of value.matchAll(/\(from\s+[^@\s)]+@([A-Za-z0-9][A-Za-z0-9.-]*)\)/gi)) this.out.add(EMAIL.host, m[1].toLowerCase());
    this.ip(value);
  }

  private addresses(value: string, field: typeof EMAIL.src): void {
    const angle = [...value.matchAll(/<([^>]*)>/g)].map((m) => m[1]);
    const list = angle.length ? angle : value.split(',').map((x) => x.trim().split(/\s/)[0]);
    for (const a of list) if (a.includes('@')) this.out.add(field, a.trim().toLowerCase());
  }

  private ip(value: string): void {
    for (const m of value.matchAll(/\[(?:IPv6:)?([0-9a-fA-F:.]+)\]/g)) {
      // Some MTAs zero-pad IPv4 octets (10.000.000.002).
      const ip = /^\d+\.\d+\.\d+\.\d+$/.test(m[1]) ? m[1].split('.').map(Number).join('.') : m[1];
      if (isIP(ip)) this.out.add(EMAIL.ip, ip);
    }
  }

  private endPart(): void {
    const part = this.part;
    this.part = null;
    if (!part || part.inHeaders) return;
    const disp = part.headers.get('content-disposition') ?? '';
    const fn = param(disp, 'filename') ?? param(part.headers.get('content-type') ?? '', 'name');
    if (fn) this.out.add(EMAIL.filename, fn[1] ?? fn[2]);
    if (!/base64/i.test(part.headers.get('content-transfer-encoding') ?? '') || !fn) return;
    const data = Buffer.from(part.chunks.join(''), 'base64');
    const magic = bodyMagic(data);
    if (magic) this.out.add(EMAIL.bodyMagic, magic);
    this.out.add(EMAIL.md5, hash('md5', data, 'hex'));
    this.out.add(EMAIL.sha256, hash('sha256', data, 'hex'));
  }
}

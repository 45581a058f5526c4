// HTTP/1.x over a reassembled TCP stream, one state machine per direction: message heads are
// collected (bounded) and parsed, bodies are skipped by Content-Length, chunked coding or close.
import type { FieldSink, ProtocolParser } from '../types.js';
import { HTTP } from './fields.js';
import { BodyDigest } from './body.js';
import { opensMessage } from './starts.js';
import { Http2Parser } from '../http2/parser.js';
import { requestHeaders, requestTarget, responseHeaders } from './headers.js';
import { EMPTY, retain } from '../../session/retain.js';
import { intern } from '../intern.js';
import { splitHead } from './head.js';
import { grow } from '../../session/grow.js';

const MAX_HEAD = 64 * 1024;
/** Shared until the first request: an array's first push reserves 17 slots. */
const NO_METHODS: string[] = [];
const CRLFCRLF = Buffer.from('\r\n\r\n');
const LFLF = Buffer.from('\n\n');

type Mode = 'head' | 'length' | 'chunk-size' | 'chunk-data' | 'chunk-end' | 'trailer' | 'close';

class Direction {
  mode: Mode = 'head';
  head: Buffer = EMPTY;
  remaining = 0;
  line = '';
  body: BodyDigest | null = null;
  /** After lost bytes: skip to the next line that starts a request or a status line. */
  resync = false;

  endBody(out: FieldSink): void {
    this.body?.finish(out);
    this.body = null;
  }
}

export class HttpParser implements ProtocolParser {
  private dir0: Direction | null = null;
  private dir1: Direction | null = null;
  /** Methods of requests awaiting a response (a response to HEAD has no body): the oldest, then the rest. */
  private method0 = '';
  private methods: string[] = NO_METHODS;
  private stopped = false;
  /** After a 101 to "Upgrade: h2c": the connection speaks HTTP/2 from there on. */
  private h2: Http2Parser | null = null;

  constructor(private readonly allHeaders = false) {}

  feed(dir: number, buf: Buffer, off: number, len: number, out: FieldSink): boolean {
    if (this.h2) return this.h2.feed(dir, buf, off, len, out);
    const d = this.direction(dir);
    let p = off;
    const end = off + len;
    if (d.resync) {
      const at = resyncPoint(buf, p, end);
      if (at < 0) return !this.stopped;
      d.resync = false;
      p = at;
    }
    while (p < end && !this.stopped) {
      switch (d.mode) {
        case 'head': {
          const room = MAX_HEAD - d.head.length;
          // A head that starts in this chunk is searched in place; only a split one is copied.
          const held = d.head.length > 0;
          const take = held ? Buffer.concat([d.head, buf.subarray(p, Math.min(end, p + room))]) : buf.subarray(p, Math.min(end, p + room));
          let at = take.indexOf(CRLFCRLF);
          let sep = 4;
          // Some clients end lines with a bare LF; only a bare-LF end before the CRLF one counts.
          const lf = at >= 0 ? take.subarray(0, at).indexOf(LFLF) : take.indexOf(LFLF);
          if (lf >= 0) {
            at = lf;
            sep = 2;
          }
          if (at < 0) {
            if (take.length >= MAX_HEAD) return (this.stopped = true), false;
            d.head = held ? take : retain(take);
            p = end;
            break;
          }
          p += at + sep - d.head.length;
          d.head = EMPTY;
          this.message(d, take, at, out);
          // The rest of this chunk is already HTTP/2 (the server's SETTINGS, often).
          const h2 = this.h2 as Http2Parser | null;
          if (h2) return p < end ? h2.feed(dir, buf, p, end - p, out) : true;
          break;
        }
        case 'length': {
          const n = Math.min(d.remaining, end - p);
          d.body?.update(buf, p, p + n);
          d.remaining -= n;
          p += n;
          if (d.remaining === 0) {
            d.mode = 'head';
            d.endBody(out);
          }
          break;
        }
        case 'close':
          d.body?.update(buf, p, end);
          p = end;
          break;
        default:
          p = this.chunked(d, buf, p, end, out);
      }
    }
    // Between messages a direction holds nothing: most sessions sit there, so it is dropped (72 bytes).
    if (d.mode === 'head' && d.head.length === 0 && d.body === null && !d.resync) {
      if (dir === 0) this.dir0 = null;
      else this.dir1 = null;
    }
    return !this.stopped;
  }

  /** Chunked transfer coding: size line, data, CRLF, ..., last chunk, trailer. */
  private chunked(d: Direction, buf: Buffer, p: number, end: number, out: FieldSink): number {
    if (d.mode === 'chunk-data') {
      const n = Math.min(d.remaining, end - p);
      d.body?.update(buf, p, p + n);
      d.remaining -= n;
      if (d.remaining === 0) {
        d.mode = 'chunk-end';
        d.line = '';
      }
      return p + n;
    }
    const nl = buf.indexOf(10, p);
    if (nl < 0 || nl >= end) {
      d.line += buf.toString('latin1', p, end);
      if (d.line.length > 1024) this.stopped = true;
      return end;
    }
    const line = (d.line + buf.toString('latin1', p, nl)).trim();
    d.line = '';
    if (d.mode === 'chunk-end') d.mode = 'chunk-size';
    else if (d.mode === 'trailer') {
      if (line === '') {
        d.mode = 'head';
        d.endBody(out);
      }
    } else {
      const size = parseInt(line, 16);
      if (!Number.isFinite(size) || size < 0) this.stopped = true;
      else if (size === 0) d.mode = 'trailer';
      else {
        d.remaining = size;
        d.mode = 'chunk-data';
      }
    }
    return nl + 1;
  }

  private direction(dir: number): Direction {
    return dir === 0 ? (this.dir0 ??= new Direction()) : (this.dir1 ??= new Direction());
  }

  /** The oldest request awaiting a response; `take` removes it (a final response, not a 1xx). */
  private pendingMethod(take: boolean): string | undefined {
    const m = this.method0;
    if (!m) return undefined;
    if (take) this.method0 = this.methods.length ? this.methods.shift()! : '';
    return m;
  }

  private addMethod(m: string): void {
    if (!this.method0) this.method0 = m;
    else if (this.methods.length < 63) this.methods = grow(this.methods, m);
    else {
      this.method0 = this.methods.shift()!;
      this.methods.push(m);
    }
  }

  /** Lost bytes: the current message is abandoned (no digest) and parsing resumes at the next head. */
  gap(dir: number): void {
    const d = this.direction(dir);
    d.body = null;
    d.head = EMPTY;
    d.mode = 'head';
    d.resync = true;
    if (dir === 1) {
      this.method0 = '';
      this.methods = NO_METHODS;
    }
  }

  /** A body that runs to the connection's close ends with the session. */
  end(out: FieldSink): void {
    this.dir0?.endBody(out);
    this.dir1?.endBody(out);
  }

  /** The message head in head[0, end). */
  private message(d: Direction, head: Buffer, end: number, out: FieldSink): void {
    d.endBody(out);
    const { first, headers: list } = splitHead(head, end);
    const headers = new Map(list);
    const resp = /^HTTP\/(\d\.\d) (\d{3})/.exec(first);
    let bodyless = false;
    if (resp) {
      const status = Number(resp[2]);
      out.add(HTTP.versionDst, intern(resp[1]));
      out.add(HTTP.status, status);
      responseHeaders(list, out, this.allHeaders);
      const method = this.pendingMethod(status >= 200);
      bodyless = method === 'HEAD' || status < 200 || status === 204 || status === 304;
      // A tunnel follows: whatever it carries (TLS, mostly) is classified on its first bytes.
      if (method === 'CONNECT' && status >= 200 && status < 300) out.handoff();
      if (status === 101 && /^h2c$/i.test(headers.get('upgrade')?.trim() ?? '')) {
        out.protocol('http2');
        this.h2 = new Http2Parser(this.allHeaders);
        return;
      }
      if (status === 101 && /websocket/i.test(headers.get('upgrade') ?? '')) {
        out.protocol('websocket');
        this.stopped = true; // frames follow, not HTTP
      }
    } else {
      // Lenient like servers are: a target with spaces keeps its first word.
      const req = /^([A-Z][A-Z_-]{1,19}) +(\S+)(?: .*?)? +HTTP\/(\d\.\d)\s*$/.exec(first);
      if (!req) {
        this.stopped = true;
        return;
      }
      // A capture of up to 12 characters is a copy; a longer one would be a slice of the request
      // line, which the intern table would then keep alive: such methods are rare, and not interned.
      const method = req[1].length <= 12 ? intern(req[1]) : req[1];
      const target = req[2];
      const version = intern(req[3]);
      this.addMethod(method);
      out.add(HTTP.method, method);
      out.add(HTTP.versionSrc, version);
      requestHeaders(list, out, this.allHeaders);
      // Hosts and user agents repeat across sessions; from splitHead, they are whole strings.
      let host = intern(headers.get('host')?.toLowerCase() ?? '');
      let path = target;
      const abs = /^[a-z][a-z0-9+.-]*:\/\/([^/?#]*)(.*)$/i.exec(target);
      if (abs) {
        host ||= abs[1].toLowerCase();
        path = abs[2] || '/';
      }
      const ua = headers.get('user-agent');
      requestTarget(host, path, ua === undefined ? ua : intern(ua), out);
      bodyless = !headers.has('content-length') && !headers.has('transfer-encoding');
    }
    const te = headers.get('transfer-encoding')?.toLowerCase() ?? '';
    const cl = Number(headers.get('content-length'));
    if (!bodyless) d.body = new BodyDigest(!resp);
    if (bodyless) d.mode = 'head';
    else if (te.includes('chunked')) {
      d.mode = 'chunk-size';
      d.line = '';
    } else if (Number.isFinite(cl) && headers.has('content-length')) {
      d.remaining = cl;
      d.mode = cl > 0 ? 'length' : 'head';
    } else d.mode = resp ? 'close' : 'head';
  }
}

/** The offset of the first line in buf[p..end) that opens an HTTP message, or -1. */
function resyncPoint(buf: Buffer, p: number, end: number): number {
  for (let at = p; at < end; ) {
    if (opensMessage(buf, at, end - at)) return at;
    const nl = buf.indexOf(10, at);
    if (nl < 0 || nl >= end) return -1;
    at = nl + 1;
  }
  return -1;
}

// HTTP/2 in clear (h2c): prior-knowledge connections and HTTP/1.1 "Upgrade: h2c" (the HTTP parser
// hands the bytes after its 101 response here). Frames are walked per direction; header blocks
// (HEADERS + CONTINUATION, PUSH_PROMISE) are HPACK-decoded in order, which keeps each direction's
// dynamic table right, and give the same fields as HTTP/1.x. DATA is skipped without buffering.
import type { FieldSink, ProtocolParser } from '../types.js';
import { HTTP } from '../http/fields.js';
import { requestHeaders, requestTarget, responseHeaders } from '../http/headers.js';
import { HpackDecoder } from './hpack.js';
import { retain } from '../../session/retain.js';

export const PREFACE = Buffer.from('PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n', 'latin1');
const FRAME_HEADER = 9;
/** Header frames are buffered whole up to this size; larger ones end parsing of the direction. */
const MAX_HEADER_FRAME = 64 * 1024;
const MAX_BLOCK = 256 * 1024;
const MAX_BLOCKS = 1024;

const HEADERS = 1;
const PUSH_PROMISE = 5;
const CONTINUATION = 9;
const END_HEADERS = 0x4;
const PADDED = 0x8;
const PRIORITY = 0x20;

class Direction {
  readonly hpack = new HpackDecoder();
  carry: Buffer | null = null;
  /** Payload bytes of the current non-header frame still to skip. */
  skip = 0;
  /** Header block fragments of the block being read, and whether it is a request (PUSH_PROMISE). */
  block: Buffer[] = [];
  blockBytes = 0;
  blockIsRequest = false;
  prefaceLeft: number;
  failed = false;

  constructor(client: boolean) {
    this.prefaceLeft = client ? PREFACE.length : 0;
  }
}

export class Http2Parser implements ProtocolParser {
  private readonly dirs = [new Direction(true), new Direction(false)];
  private blocks = 0;

  constructor(private readonly allHeaders = false) {}

  feed(dir: number, buf: Buffer, off: number, len: number, out: FieldSink): boolean {
    const d = this.dirs[dir];
    if (d.failed) return !this.dirs[1 - dir].failed;
    let b = buf;
    let p = off;
    let end = off + len;
    // The client preface (24 bytes) opens the client's side; it may be split.
    while (d.prefaceLeft > 0 && p < end) {
      if (b[p] !== PREFACE[PREFACE.length - d.prefaceLeft]) {
        d.prefaceLeft = 0; // no preface after all (an upgrade whose client sent frames at once)
        break;
      }
      d.prefaceLeft--;
      p++;
    }
    if (d.carry) {
      b = Buffer.concat([d.carry, b.subarray(p, end)]);
      p = 0;
      end = b.length;
      d.carry = null;
    }
    while (p < end && !d.failed) {
      if (d.skip > 0) {
        const n = Math.min(d.skip, end - p);
        d.skip -= n;
        p += n;
        continue;
      }
      if (end - p < FRAME_HEADER) break;
      const flen = b.readUIntBE(p, 3);
      const type = b[p + 3];
      if (type !== HEADERS && type !== CONTINUATION && type !== PUSH_PROMISE) {
        d.skip = flen;
        p += FRAME_HEADER;
        continue;
      }
      if (flen > MAX_HEADER_FRAME) {
        d.failed = true;
        break;
      }
      if (end - p < FRAME_HEADER + flen) break;
      this.headerFrame(d, dir, b, p, flen, out);
      p += FRAME_HEADER + flen;
    }
    if (p < end && !d.failed) d.carry = retain(b.subarray(p, end));
    return !(this.dirs[0].failed && this.dirs[1].failed) && this.blocks < MAX_BLOCKS;
  }

  private headerFrame(d: Direction, dir: number, b: Buffer, p: number, flen: number, out: FieldSink): void {
    const type = b[p + 3];
    const flags = b[p + 4];
    let start = p + FRAME_HEADER;
    let stop = start + flen;
    if (type !== CONTINUATION) {
      if (flags & PADDED) {
        stop -= b[start];
        start++;
      }
      if (type === HEADERS && flags & PRIORITY) start += 5;
      if (type === PUSH_PROMISE) start += 4;
      d.block = [];
      d.blockBytes = 0;
      d.blockIsRequest = dir === 0 || type === PUSH_PROMISE;
    }
    if (start > stop) {
      d.failed = true;
      return;
    }
    d.block.push(b.subarray(start, stop));
    d.blockBytes += stop - start;
    if (d.blockBytes > MAX_BLOCK) {
      d.failed = true;
      return;
    }
    if (!(flags & END_HEADERS)) {
      // Fragments point into a buffer the caller may reuse: keep copies until the block ends.
      d.block[d.block.length - 1] = retain(d.block[d.block.length - 1]);
      return;
    }
    const block = d.block.length === 1 ? d.block[0] : Buffer.concat(d.block);
    d.block = [];
    this.blocks++;
    let headers: [string, string][];
    try {
      headers = d.hpack.decode(block);
    } catch {
      // The dynamic table is now unknown: nothing later in this direction can be trusted.
      d.failed = true;
      return;
    }
    if (d.blockIsRequest) this.request(headers, out);
    else this.response(headers, out);
  }

  private request(headers: [string, string][], out: FieldSink): void {
    const regular: [string, string][] = [];
    let method = '';
    let path = '';
    let authority = '';
    let ua: string | undefined;
    for (const [name, value] of headers) {
      if (name === ':method') method = value;
      else if (name === ':path') path = value;
      else if (name === ':authority') authority = value.toLowerCase();
      else if (name[0] !== ':') {
        regular.push([name, value]);
        if (name === 'user-agent') ua = value;
        else if (name === 'host' && !authority) authority = value.toLowerCase();
      }
    }
    if (method) out.add(HTTP.method, method);
    out.add(HTTP.versionSrc, '2');
    requestHeaders(regular, out, this.allHeaders);
    if (path || authority) requestTarget(authority, path, ua, out);
    else if (ua !== undefined) out.add(HTTP.userAgent, ua);
  }

  private response(headers: [string, string][], out: FieldSink): void {
    const regular: [string, string][] = [];
    for (const [name, value] of headers) {
      if (name === ':status') {
        const status = Number(value);
        if (Number.isInteger(status)) out.add(HTTP.status, status);
      } else if (name[0] !== ':') regular.push([name, value]);
    }
    out.add(HTTP.versionDst, '2');
    responseHeaders(regular, out, this.allHeaders);
  }
}

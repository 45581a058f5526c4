// HTTP/1.x messages of a reassembled session for the packet view: headers, and bodies with the
// transfer coding (chunked) and content coding (gzip, deflate, br) undone, as a browser shows them.
import { brotliDecompressSync, gunzipSync, inflateRawSync, inflateSync } from 'node:zlib';

export interface HttpMessage {
  dir: 0 | 1;
  startLine: string;
  headers: [string, string][];
  /** Body after decoding, as text when it is text, else a hex dump of its start. */
  body: string;
  bodyBytes: number;
  /** Codings undone, in order (e.g. ["chunked", "gzip"]); an entry "error: ..." when one failed. */
  decoded: string[];
}

const MAX_BODY = 16 << 20;
const SHOWN = 64 << 10;

export function decodeHttpMessages(chunks: { dir: 0 | 1; data: Buffer }[]): HttpMessage[] {
  const out: HttpMessage[] = [];
  for (const dir of [0, 1] as const) {
    const stream = Buffer.concat(chunks.filter((c) => c.dir === dir).map((c) => c.data));
    if (!/^(?:[A-Z]+ \S+ HTTP\/\d|HTTP\/\d)/.test(stream.subarray(0, 32).toString('latin1'))) continue;
    let off = 0;
    while (off < stream.length && out.length < 1000) {
      const end = stream.indexOf('\r\n\r\n', off);
      if (end < 0) break;
      const [startLine, ...lines] = stream.subarray(off, end).toString('latin1').split('\r\n');
      if (!/HTTP\/\d/.test(startLine)) break;
      const headers = lines.map((l): [string, string] => {
        const i = l.indexOf(':');
        return i < 0 ? [l, ''] : [l.slice(0, i).trim(), l.slice(i + 1).trim()];
      });
      const h = (name: string) => headers.find(([k]) => k.toLowerCase() === name)?.[1];
      off = end + 4;
      const decoded: string[] = [];
      let body: Buffer;
      const noBody = dir === 1 && /^HTTP\/\S+ (1\d\d|204|304)/.test(startLine);
      if (noBody) body = Buffer.alloc(0);
      else if (/chunked/i.test(h('transfer-encoding') ?? '')) {
        const r = dechunk(stream, off);
        body = r.body;
        off = r.end;
        decoded.push('chunked');
      } else if (h('content-length') !== undefined) {
        const n = Math.max(0, Number(h('content-length')) || 0);
        body = stream.subarray(off, off + n);
        off += n;
      } else if (dir === 1) {
        body = stream.subarray(off);
        off = stream.length;
      } else body = Buffer.alloc(0);
      body = uncompress(body, h('content-encoding'), decoded);
      out.push({ dir, startLine, headers, body: showBody(body), bodyBytes: body.length, decoded });
    }
  }
  return out;
}

function dechunk(b: Buffer, off: number): { body: Buffer; end: number } {
  const parts: Buffer[] = [];
  let total = 0;
  for (;;) {
    const eol = b.indexOf('\r\n', off);
    if (eol < 0) return { body: Buffer.concat(parts), end: b.length };
    const size = parseInt(b.subarray(off, eol).toString('latin1').split(';')[0].trim(), 16);
    off = eol + 2;
    if (!Number.isFinite(size) || size === 0) {
      // Trailers end with an empty line.
      const t = b.indexOf('\r\n\r\n', off - 2);
      return { body: Buffer.concat(parts), end: t < 0 ? b.length : t + 4 };
    }
    parts.push(b.subarray(off, off + size));
    total += size;
    off += size + 2;
    if (total > MAX_BODY || off >= b.length) return { body: Buffer.concat(parts), end: Math.min(off, b.length) };
  }
}

function uncompress(body: Buffer, coding: string | undefined, decoded: string[]): Buffer {
  const c = coding?.toLowerCase().trim();
  if (!c || !body.length || c === 'identity') return body;
  const opts = { maxOutputLength: MAX_BODY, finishFlush: 2 /* Z_SYNC_FLUSH: a truncated capture still yields its start */ };
  try {
    if (c === 'gzip' || c === 'x-gzip') body = gunzipSync(body, opts);
    else if (c === 'deflate') {
      try {
        body = inflateSync(body, opts);
      } catch {
        body = inflateRawSync(body, opts);
      }
    } else if (c === 'br') body = brotliDecompressSync(body, { maxOutputLength: MAX_BODY });
    else return body;
    decoded.push(c);
  } catch (e) {
    decoded.push(`error: ${c}: ${(e as Error).message}`);
  }
  return body;
}

function showBody(b: Buffer): string {
  const head = b.subarray(0, SHOWN);
  let printable = 0;
  for (const x of head) if ((x >= 0x20 && x < 0x7f) || x >= 0x80 || x === 10 || x === 13 || x === 9) printable++;
  if (!head.length || printable / head.length >= 0.9) return head.toString('utf8') + (b.length > SHOWN ? `\n[... ${b.length - SHOWN} more bytes]` : '');
  return `[binary, ${b.length} bytes]`;
}

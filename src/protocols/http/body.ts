// One HTTP message body as it streams past: MD5 and SHA-256 of the (de-chunked) bytes, its
// leading bytes for a content-type guess, and the first bytes of request bodies as text.
import { createHash, type Hash } from 'node:crypto';
import type { FieldSink } from '../types.js';
import { bodyMagic } from '../magic.js';
import { HTTP } from './fields.js';
import { retain } from '../../session/retain.js';

const MAGIC_BYTES = 256;
/** Arkime's maxReqBody in its regression configuration. */
const MAX_REQ_BODY = 2000;

export class BodyDigest {
  // Created on the first body byte: many messages announce a body and send none.
  private md5: Hash | null = null;
  private sha: Hash | null = null;
  private head: Buffer[] = [];
  private headLen = 0;
  private size = 0;

  constructor(private readonly request: boolean) {}

  update(buf: Buffer, p: number, end: number): void {
    if (end <= p) return;
    const part = buf.subarray(p, end);
    (this.md5 ??= createHash('md5')).update(part);
    (this.sha ??= createHash('sha256')).update(part);
    this.size += part.length;
    const keep = Math.max(MAGIC_BYTES, this.request ? MAX_REQ_BODY : 0);
    if (this.headLen < keep) {
      const piece = retain(part.subarray(0, keep - this.headLen));
      this.head.push(piece);
      this.headLen += piece.length;
    }
  }

  finish(out: FieldSink): void {
    if (this.size === 0 || !this.md5 || !this.sha) return;
    const head = Buffer.concat(this.head);
    out.add(HTTP.md5, this.md5.digest('hex'));
    out.add(HTTP.sha256, this.sha.digest('hex'));
    const magic = bodyMagic(head);
    if (magic) out.add(HTTP.bodyMagic, magic);
    if (this.request) out.add(HTTP.reqBody, head.toString('utf8', 0, Math.min(head.length, MAX_REQ_BODY)));
  }
}

// Upload: a capture file streamed into the node's upload folder, then imported into the store the
// viewer serves, as `weir import` would.
import { createWriteStream, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Transform } from 'node:stream';
import { z } from 'zod';
import type { Route } from '../http.js';
import { HttpError } from '../http.js';
import type { ViewerContext } from '../context.js';
import { importFiles } from '../../ingest/importer.js';

const MAX_BYTES = 8 * 2 ** 30;

export function uploadRoute(v: ViewerContext, dir: string): Route {
  return {
    method: 'POST', path: '/api/upload', need: 'packets', produces: 'application/json',
    query: z.object({ name: z.string().min(1).max(200).describe('The file\'s name (kept in the stored path)') }),
    summary: 'Uploads a pcap/pcapng (gzip/zstd too) as the raw request body and imports it',
    handler: async (ctx) => {
      const name = (ctx.query as { name: string }).name.replace(/[^A-Za-z0-9._-]/g, '_');
      mkdirSync(dir, { recursive: true });
      const path = join(dir, `${new Date().toISOString().replace(/[:.]/g, '-')}-${name}`);
      let bytes = 0;
      const limit = new Transform({
        transform(chunk: Buffer, _enc, done) {
          bytes += chunk.length;
          done(bytes > MAX_BYTES ? new HttpError(413, `uploads are limited to ${MAX_BYTES} bytes`) : null, chunk);
        },
      });
      await pipeline(ctx.req, limit, createWriteStream(path));
      if (!bytes) throw new HttpError(400, 'the request body (the capture file) is empty');
      const summary = await importFiles(v.store, [path], { node: v.node, flushEachFile: true });
      const f = summary.outcomes[0];
      ctx.records = summary.sessions;
      if (!f || f.status === 'failed') throw new HttpError(400, `not imported: ${f?.message ?? 'unreadable capture'}`);
      return { success: true, path, status: f.status, packets: f.packets, sessions: summary.sessions, text: `${name}: ${f.packets} packets, ${summary.sessions} sessions imported${f.message ? ` (${f.message})` : ''}` };
    },
  };
}

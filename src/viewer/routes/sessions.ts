// Searching sessions: the paged list (with its histogram), one session's fields, CSV export, and
// the distinct values of a field.
import { z } from 'zod';
import type { Route } from '../http.js';
import { HttpError } from '../http.js';
import { SearchQuery, buildSearch, intervalFor, namedField } from '../search-params.js';
import type { ViewerContext } from '../context.js';
import { allFields, F } from '../../fields/catalogue.js';
import { drained } from '../../pcap/writer.js';
import type { Search } from '../../store/search.js';

/** The columns a search returns unless `fields` says otherwise (Arkime's default session columns). */
export const DEFAULT_FIELDS = ['id', 'node', 'firstPacket', 'lastPacket', 'ip.protocol', 'ip.src', 'port.src', 'ip.dst', 'port.dst', 'packets', 'bytes', 'databytes', 'protocols'];

const fieldList = z.string().max(10_000).optional().describe('Comma-separated field query names');

const SessionsQuery = SearchQuery.extend({
  start: z.coerce.number().int().min(0).default(0).describe('Offset of the first session returned'),
  length: z.coerce.number().int().min(0).max(1_000_000).default(100).describe('Sessions per page (at most 1,000,000)'),
  order: z.string().max(1000).optional().describe('Sort keys, e.g. firstPacket:desc,ip.src:asc (default firstPacket:desc)'),
  fields: fieldList,
  facets: z.coerce.number().int().min(0).max(1).default(0).describe('1: include the time histogram (graph) and country map'),
  interval: z.enum(['auto', 'second', 'minute', 'hour', 'day']).default('auto').describe('Histogram bucket width'),
});

export function parseFields(text: string | undefined, fallback: string[], param = 'fields'): string[] {
  const names = text ? text.split(',').map((s) => s.trim()).filter(Boolean) : fallback;
  for (const n of names) namedField(n, param);
  return names;
}

export function parseOrder(text: string | undefined) {
  if (!text) return [{ field: 'firstPacket', desc: true }];
  return text.split(',').map((part) => {
    const [name, dir = 'asc'] = part.trim().split(':');
    if (dir !== 'asc' && dir !== 'desc') throw new HttpError(400, `order: direction of ${name} must be asc or desc`);
    namedField(name, 'order');
    return { field: name, desc: dir === 'desc' };
  });
}

/** Histogram of a search: sessions, packets, bytes per bucket, as Arkime's graph object. */
export async function graphOf(v: ViewerContext, s: Search, asked: string) {
  const span = s.time?.startMs !== undefined && s.time.stopMs !== undefined ? { first: s.time.startMs, last: s.time.stopMs } : await v.store.timeSpan(s);
  const interval = intervalFor(span ? span.last - span.first : 0, asked === 'auto' ? undefined : asked);
  const buckets = await v.store.histogram(s, interval);
  return {
    interval: interval / 1000,
    xmin: span?.first ?? null,
    xmax: span?.last ?? null,
    sessionsHisto: buckets.map((b) => [b.t, b.sessions]),
    packetsHisto: buckets.map((b) => [b.t, b.packets]),
    bytesHisto: buckets.map((b) => [b.t, b.bytes]),
    databytesHisto: buckets.map((b) => [b.t, b.databytes]),
  };
}

export function sessionRoutes(v: ViewerContext): Route[] {
  return [
    {
      method: 'GET', path: '/api/sessions', need: 'search', query: SessionsQuery,
      summary: 'Sessions matching an expression in a time range: one page, sorted, with the chosen fields; facets=1 adds the time histogram and the country map',
      response: z.object({ recordsTotal: z.number(), recordsFiltered: z.number(), data: z.array(z.record(z.string(), z.unknown())), graph: z.unknown().optional(), map: z.unknown().optional() }),
      handler: async (ctx) => {
        const q = ctx.query as z.infer<typeof SessionsQuery>;
        const s = await buildSearch(v.store, q, ctx.user);
        const page = await v.store.searchPage(s, { fields: parseFields(q.fields, DEFAULT_FIELDS), order: parseOrder(q.order), start: q.start, length: q.length });
        ctx.records = page.recordsFiltered;
        if (!q.facets) return page;
        // No GeoIP database is configured, so there are no country fields: the map is empty.
        return { ...page, graph: await graphOf(v, s, q.interval), map: { src: {}, dst: {}, xffGeo: {} } };
      },
    },
    {
      method: 'GET', path: '/api/session/:node/:id/detail', need: 'search',
      summary: 'Every field of one session',
      handler: async (ctx) => {
        const doc = await v.sessionOf(ctx.params.node, ctx.params.id, allFields().filter((f) => !f.internal).map((f) => f.exp), ctx.user);
        // Empty lists and absent values are left out: the detail shows what the session has.
        return Object.fromEntries(Object.entries(doc).filter(([, x]) => x !== null && !(Array.isArray(x) && x.length === 0)));
      },
    },
    {
      method: 'GET', path: '/api/sessions.csv', need: 'search', produces: 'text/csv',
      query: SearchQuery.extend({ fields: fieldList }),
      summary: 'Matching sessions as CSV with the chosen fields (streamed, first-packet order)',
      handler: async (ctx) => {
        const q = ctx.query as z.infer<typeof SearchQuery> & { fields?: string };
        const fields = parseFields(q.fields, DEFAULT_FIELDS);
        const s = await buildSearch(v.store, q, ctx.user);
        ctx.res.writeHead(200, { 'content-type': 'text/csv; charset=utf-8', 'content-disposition': 'attachment; filename="sessions.csv"' });
        ctx.res.write(fields.map(csvCell).join(',') + '\r\n');
        let n = 0;
        for await (const r of v.store.streamSessions(s, fields)) {
          n++;
          const line = fields.map((f) => csvCell(cellText(f, r[f]))).join(',') + '\r\n';
          if (!ctx.res.write(line)) await drained(ctx.res);
        }
        ctx.records = n;
        ctx.res.end();
      },
    },
    {
      method: 'GET', path: '/api/unique', need: 'search', produces: 'text/plain',
      query: SearchQuery.extend({
        exp: z.string().max(200).describe('Field query name'),
        counts: z.coerce.number().int().min(0).max(1).default(0).describe('1: "value, count" lines, most frequent first'),
      }),
      summary: 'Distinct values of one field among the matching sessions, one per line (streamed)',
      handler: async (ctx) => {
        const q = ctx.query as z.infer<typeof SearchQuery> & { exp: string; counts: number };
        const f = namedField(q.exp, 'exp');
        const s = await buildSearch(v.store, q, ctx.user);
        ctx.res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8' });
        let n = 0;
        for await (const u of v.store.uniqueValues(s, f, q.counts === 1)) {
          n++;
          const line = q.counts ? `${u.value}, ${u.count}\n` : `${u.value}\n`;
          if (!ctx.res.write(line)) await drained(ctx.res);
        }
        ctx.records = n;
        ctx.res.end();
      },
    },
  ];
}

function cellText(field: string, v: unknown): string {
  if (v === undefined || v === null) return '';
  if (field === F.firstPacket.exp || field === F.lastPacket.exp) return new Date(Number(v)).toISOString();
  return Array.isArray(v) ? v.join(';') : String(v);
}

function csvCell(s: string): string {
  // Formula-looking cells are prefixed so spreadsheets show them as text (CSV injection).
  const safe = /^[=+\-@\t\r]/.test(s) && !/^-?\d/.test(s) ? `'${s}` : s;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

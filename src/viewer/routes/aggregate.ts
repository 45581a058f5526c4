// Aggregations over the matching sessions: top values of many fields (SPI View), the time series
// of one field's top values (SPI Graph), and the graph between two fields (Connections).
import { z } from 'zod';
import type { Route } from '../http.js';
import { HttpError } from '../http.js';
import { SearchQuery, buildSearch, namedField } from '../search-params.js';
import type { ViewerContext } from '../context.js';
import { graphOf } from './sessions.js';

export function aggregateRoutes(v: ViewerContext): Route[] {
  return [
    {
      method: 'GET', path: '/api/spiview', need: 'search',
      query: SearchQuery.extend({
        spi: z.string().max(10_000).describe('Comma-separated fields, each optionally with its count: http.host:20,ip.dst'),
        facets: z.coerce.number().int().min(0).max(1).default(0).describe('1: include the time histogram'),
      }),
      summary: 'Top values with session counts for each requested field',
      handler: async (ctx) => {
        const q = ctx.query as z.infer<typeof SearchQuery> & { spi: string; facets: number };
        const wanted = q.spi.split(',').map((x) => x.trim()).filter(Boolean).map((part) => {
          const [name, size = '100'] = part.split(':');
          const n = Number(size);
          if (!Number.isInteger(n) || n < 1 || n > 10_000) throw new HttpError(400, `spi: count for ${name} must be 1..10000`);
          return { f: namedField(name, 'spi'), n };
        });
        if (!wanted.length) throw new HttpError(400, 'spi: name at least one field');
        const s = await buildSearch(v.store, q, ctx.user);
        const spi: Record<string, { doc_count: number; buckets: { key: string | number; doc_count: number }[] }> = {};
        for (const { f, n } of wanted) {
          const top = await v.store.topValues(s, f, n);
          spi[f.exp] = { doc_count: top.reduce((a, b) => a + b.count, 0), buckets: top.map((t) => ({ key: t.value, doc_count: t.count })) };
        }
        const page = await v.store.searchPage(s, { fields: ['id'], order: [], start: 0, length: 0 });
        ctx.records = page.recordsFiltered;
        return { spi, recordsTotal: page.recordsTotal, recordsFiltered: page.recordsFiltered, ...(q.facets ? { graph: await graphOf(v, s, 'auto') } : {}) };
      },
    },
    {
      method: 'GET', path: '/api/spigraph', need: 'search',
      query: SearchQuery.extend({
        field: z.string().max(200).default('node').describe('Field whose top values are graphed'),
        size: z.coerce.number().int().min(1).max(1000).default(20).describe('How many top values'),
        interval: z.enum(['auto', 'second', 'minute', 'hour', 'day']).default('auto'),
      }),
      summary: 'Time series of sessions for each of the top values of one field',
      handler: async (ctx) => {
        const q = ctx.query as z.infer<typeof SearchQuery> & { field: string; size: number; interval: string };
        const f = namedField(q.field, 'field');
        const s = await buildSearch(v.store, q, ctx.user);
        const graph = await graphOf(v, s, q.interval);
        const series = await v.store.valueSeries(s, f, q.size, graph.interval * 1000);
        ctx.records = series.length;
        return { field: f.exp, interval: graph.interval, graph, items: series.map((x) => ({ name: x.value, count: x.count, sessionsHisto: x.series })) };
      },
    },
    {
      method: 'GET', path: '/api/connections', need: 'search',
      query: SearchQuery.extend({
        srcField: z.string().max(200).default('ip.src').describe('Field of the link sources'),
        dstField: z.string().max(200).default('ip.dst').describe('Field of the link targets'),
        minConn: z.coerce.number().int().min(1).default(1).describe('Leave out links with fewer sessions'),
        length: z.coerce.number().int().min(1).max(100_000).default(5000).describe('At most this many links, most sessions first'),
      }),
      summary: 'Nodes and links between the values of two fields, with sessions, bytes and packets',
      handler: async (ctx) => {
        const q = ctx.query as z.infer<typeof SearchQuery> & { srcField: string; dstField: string; minConn: number; length: number };
        const s = await buildSearch(v.store, q, ctx.user);
        const src = namedField(q.srcField, 'srcField');
        const dst = namedField(q.dstField, 'dstField');
        const graph = await v.store.connections(s, src, dst, q.minConn, q.length);
        ctx.records = graph.links.length;
        return { srcField: src.exp, dstField: dst.exp, ...graph };
      },
    },
  ];
}

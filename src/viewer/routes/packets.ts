// Packet bytes: one session's decoded packets and reassembled payload, one session's PCAP, and
// the merged PCAP/pcapng of every matching session. All of it reads through the packet source.
import { z } from 'zod';
import type { Route } from '../http.js';
import { HttpError } from '../http.js';
import { SearchQuery, buildSearch } from '../search-params.js';
import type { ViewerContext } from '../context.js';
import { viewPackets } from '../packet-view.js';
import { mergePackets, type ExportSession } from '../export-merge.js';
import { writeCapture } from '../../ingest/export.js';
import { OutputClosedError, PcapWriter, PcapngWriter } from '../../pcap/writer.js';
import type { FileEntry } from '../../store/store.js';
import { F } from '../../fields/catalogue.js';
import { FleetPacketSource } from '../../node-api/fleet-source.js';

const POSITION_FIELDS = ['id', 'firstPacket', 'fileId', 'packetPos', 'packetLen'];

export function packetRoutes(v: ViewerContext): Route[] {
  return [
    {
      method: 'GET', path: '/api/session/:node/:id/packets', need: 'packets',
      query: z.object({
        base: z.enum(['hex', 'ascii', 'utf8', 'natural']).default('natural').describe('How bytes are shown'),
        packets: z.coerce.number().int().min(1).max(100_000).default(200).describe('At most this many packets'),
        showFrames: z.coerce.number().int().min(0).max(1).default(1).describe('0: leave out each frame\'s bytes (summaries and payload only)'),
      }),
      summary: 'A session\'s packets decoded (summary line and bytes per packet), each direction\'s payload reassembled, and HTTP messages with chunked/gzip bodies decoded',
      handler: async (ctx) => {
        const q = ctx.query as { base: 'hex' | 'ascii' | 'utf8' | 'natural'; packets: number; showFrames: number };
        const doc = await v.sessionOf(ctx.params.node, ctx.params.id, [...POSITION_FIELDS, 'ip.src', 'port.src'], ctx.user);
        const all = await v.packetsOf(doc);
        const shown = all.slice(0, q.packets);
        ctx.records = shown.length;
        return { id: doc.id, node: ctx.params.node, base: q.base, totalPackets: all.length, ...viewPackets(shown, String(doc['ip.src']), Number(doc['port.src'] ?? 0), q.base, q.showFrames === 1) };
      },
    },
    {
      method: 'GET', path: '/api/session/:node/:id.pcap', need: 'packets', produces: 'application/vnd.tcpdump.pcap',
      summary: 'One session\'s packets as a capture file (pcap; pcapng when link types mix)',
      handler: async (ctx) => {
        const doc = await v.sessionOf(ctx.params.node, ctx.params.id, POSITION_FIELDS, ctx.user);
        const packets = await v.packetsOf(doc);
        ctx.res.writeHead(200, { 'content-type': 'application/vnd.tcpdump.pcap', 'content-disposition': `attachment; filename="${String(doc.id)}.pcap"` });
        ctx.records = await writeCapture(packets, ctx.res);
      },
    },
    exportRoute(v, 'pcap'),
    exportRoute(v, 'pcapng'),
  ];
}

function exportRoute(v: ViewerContext, format: 'pcap' | 'pcapng'): Route {
  return {
    method: 'GET', path: `/api/sessions.${format}`, need: 'packets', query: SearchQuery, produces: format === 'pcap' ? 'application/vnd.tcpdump.pcap' : 'application/x-pcapng',
    summary: `Packets of every matching session as one ${format} file, merged in time order and streamed`,
    handler: async (ctx) => {
      const s = await buildSearch(v.store, ctx.query, ctx.user);
      const files = new Map<number, Promise<FileEntry | null>>();
      const fileOf = (id: number) => {
        let f = files.get(id);
        if (!f) files.set(id, (f = v.store.getFile(id)));
        return f;
      };
      let linktype = 1;
      if (format === 'pcap') {
        // Classic pcap holds one link type: check the matching sessions' files before streaming.
        const types = new Set<number>();
        for await (const u of v.store.uniqueValues(s, F.fileId, false)) for (const t of (await fileOf(Number(u.value)))?.linktypes ?? []) types.add(t);
        if (types.size > 1) throw new HttpError(400, `the matching sessions span link types ${[...types].join(', ')}; classic pcap holds one: use /api/sessions.pcapng`);
        linktype = [...types][0] ?? 1;
      }
      // A node that is down now is left out and named (a header, and the log), not waited for.
      const down = new Map<string, string>();
      if (v.source instanceof FleetPacketSource) {
        for await (const n of v.store.uniqueValues(s, F.node, false)) {
          const why = await v.source.up(String(n.value));
          if (why) down.set(String(n.value), why);
        }
      }
      const all = v.store.streamSessions(s, [...POSITION_FIELDS, 'node']) as AsyncGenerator<ExportSession & Record<string, unknown>>;
      const sessions = down.size ? skipNodes(all, down) : all;
      const partial = down.size ? { 'x-weir-partial': [...down.values()].join('; ') } : {};
      ctx.res.writeHead(200, { 'content-type': format === 'pcap' ? 'application/vnd.tcpdump.pcap' : 'application/x-pcapng', 'content-disposition': `attachment; filename="sessions.${format}"`, ...partial });
      const writer = format === 'pcap' ? new PcapWriter(ctx.res, linktype) : new PcapngWriter(ctx.res);
      try {
        for await (const p of mergePackets(sessions, v.source, fileOf)) await writer.write(p.tsUs, p.data, p.origlen, p.linktype);
        ctx.records = writer.packets;
        await writer.end();
      } catch (e) {
        // Headers are gone: a failure can only cut the stream, which the client sees as truncated.
        if (!(e instanceof OutputClosedError)) ctx.res.destroy(e as Error);
        ctx.records = writer.packets;
        throw Object.assign(e as Error, { streamed: true });
      }
    },
  };
}

async function* skipNodes<T extends Record<string, unknown>>(sessions: AsyncGenerator<T>, down: Map<string, string>): AsyncGenerator<T> {
  for await (const x of sessions) if (!down.has(String(x.node))) yield x;
}

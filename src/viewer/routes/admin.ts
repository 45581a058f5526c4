// The catalogue, files, node stats, shortcuts, tags and the query history.
import { statfs } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { z } from 'zod';
import type { Route } from '../http.js';
import { HttpError } from '../http.js';
import { SearchQuery, buildSearch, searchParams } from '../search-params.js';
import type { ViewerContext } from '../context.js';
import { allFields } from '../../fields/catalogue.js';
import { parseIpValue } from '../../query/ip-values.js';
import { prometheus } from '../../capture/stats.js';
import { REGISTER_EVERY_MS } from '../../node-api/node-service.js';
import type { NodeInfo } from '../../store/store.js';
import type { NodeStats } from '../../store/store.js';

const ShortcutBody = z.object({
  name: z.string().regex(/^[A-Za-z0-9_][A-Za-z0-9_.-]{0,63}$/, 'letters, digits, _ . - (1-64), used as $name'),
  type: z.enum(['ip', 'integer', 'string']).default('string'),
  value: z.union([z.string().max(1_000_000), z.array(z.string().max(10_000)).max(100_000)]).describe('Values: an array, or text with one per line or comma-separated'),
  description: z.string().max(10_000).default(''),
});

const TagsBody = z.object({ ...searchParams, tags: z.string().min(1).max(10_000).describe('Comma-separated tags') });

export function adminRoutes(v: ViewerContext): Route[] {
  let lastCpu = { at: Date.now(), usage: process.cpuUsage() };
  return [
    {
      method: 'GET', path: '/api/fields', need: 'search',
      summary: 'The field catalogue: query names, types, groups and help',
      handler: async () => allFields().filter((f) => !f.internal).map((f) => ({
        exp: f.exp, type: f.kind, group: f.group, help: f.help, multi: f.multi, aliases: f.aliases ?? [], ...(f.countOf ? { countOf: f.countOf.exp } : {}),
      })),
    },
    {
      method: 'GET', path: '/api/files', need: 'search',
      summary: 'Capture files: path, node, format, size, packets, first/last packet times, SHA-256, import time and any read error',
      handler: async () => {
        const files = await v.store.listFiles();
        return { recordsTotal: files.length, recordsFiltered: files.length, data: files };
      },
    },
    {
      method: 'GET', path: '/api/stats', need: 'search',
      summary: 'One row per capture node: packets, KB saved, sessions, active sessions, free space, memory, CPU, disk queue, rates and drops',
      handler: async () => {
        const totals = await v.store.nodeTotals();
        const files = await v.store.listFiles();
        const fs = await statfs(dirname(resolve((v.store as { path?: string }).path ?? '.'))).catch(() => null);
        const now = Date.now(), usage = process.cpuUsage();
        const cpu = ((usage.user - lastCpu.usage.user + usage.system - lastCpu.usage.system) / 1000 / Math.max(1, now - lastCpu.at)) * 100;
        lastCpu = { at: now, usage };
        const live = new Map((await v.store.latestNodeStats()).map((s) => [s.node, s]));
        const registry = new Map((await v.store.listNodes()).map((n) => [n.name, n]));
        const names = new Set([v.node, ...totals.map((t) => t.node), ...files.map((f) => f.node), ...live.keys(), ...registry.keys()]);
        const data = [...names].sort().map((node) => ({ ...row(node), ...nodeStatus(registry.get(node), live.get(node)?.ts, now) }));
        function row(node: string) {
          const t = totals.find((x) => x.node === node);
          const own = node === v.node;
          const nodeFiles = files.filter((f) => f.node === node);
          const s = live.get(node);
          // A capture node reports its own figures; an import-only node gets them from its files.
          if (s) return liveRow(s, t?.sessions ?? s.sessions);
          return {
            nodeName: node,
            currentTime: Math.floor(now / 1000),
            totalPackets: nodeFiles.reduce((a, f) => a + f.packets, 0),
            totalK: Math.round(nodeFiles.reduce((a, f) => a + f.size, 0) / 1024),
            totalSessions: t?.sessions ?? 0,
            // Imports hold no live sessions; live capture (issue 6) reports its own figures.
            monitoring: 0,
            freeSpaceM: own && fs ? Math.floor((fs.bavail * fs.bsize) / 2 ** 20) : null,
            freeSpaceP: own && fs ? Math.round((1000 * fs.bavail) / fs.blocks) / 10 : null,
            memory: own ? process.memoryUsage().rss : null,
            cpu: own ? Math.round(cpu * 10) / 10 : null,
            diskQueue: 0,
            deltaPacketsPerSec: 0,
            deltaBytesPerSec: 0,
            deltaSessionsPerSec: 0,
            deltaDroppedPerSec: 0,
            totalDropped: 0,
          };
        }
        return { recordsTotal: data.length, recordsFiltered: data.length, data };
      },
    },
    {
      method: 'GET', path: '/api/shortcuts', need: 'search',
      summary: 'Shortcuts: named value lists an expression uses as $name',
      handler: async () => {
        const data = await v.store.listShortcuts();
        return { recordsTotal: data.length, data };
      },
    },
    {
      method: 'POST', path: '/api/shortcut', need: 'search', body: ShortcutBody,
      summary: 'Creates a shortcut',
      handler: async (ctx) => {
        const b = shortcutOf(ctx.body as z.infer<typeof ShortcutBody>);
        if ((await v.store.listShortcuts()).some((s) => s.name === b.name)) throw new HttpError(409, `a shortcut named ${b.name} exists`);
        return v.store.createShortcut({ ...b, userId: ctx.user.id });
      },
    },
    {
      method: 'PUT', path: '/api/shortcut/:id', need: 'search', body: ShortcutBody,
      summary: 'Replaces a shortcut (its creator or an admin)',
      handler: async (ctx) => {
        const id = shortcutId(ctx.params.id);
        await mayChange(v, id, ctx.user);
        return (await v.store.updateShortcut(id, shortcutOf(ctx.body as z.infer<typeof ShortcutBody>)))!;
      },
    },
    {
      method: 'DELETE', path: '/api/shortcut/:id', need: 'search',
      summary: 'Deletes a shortcut (its creator or an admin)',
      handler: async (ctx) => {
        const id = shortcutId(ctx.params.id);
        await mayChange(v, id, ctx.user);
        await v.store.deleteShortcut(id);
        return { success: true };
      },
    },
    {
      method: 'GET', path: '/api/stats/history', need: 'search',
      query: z.object({ node: z.string().max(200), minutes: z.coerce.number().int().min(1).max(100_000).default(60) }),
      summary: 'A capture node\'s stats records over the last minutes (for the Stats page\'s plots)',
      handler: async (ctx) => {
        const q = ctx.query as { node: string; minutes: number };
        return { data: await v.store.nodeStatsHistory(q.node, Date.now() - q.minutes * 60e3) };
      },
    },
    {
      method: 'GET', path: '/metrics', need: 'search', produces: 'text/plain; version=0.0.4',
      summary: 'The newest stats of every capture node in Prometheus text format',
      handler: async (ctx) => {
        const body = prometheus(await v.store.latestNodeStats());
        ctx.res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4; charset=utf-8' });
        ctx.res.end(body);
      },
    },
    lockRoute(v, true),
    lockRoute(v, false),
    tagRoute(v, true),
    tagRoute(v, false),
    {
      method: 'GET', path: '/api/histories', need: 'admin',
      query: z.object({ length: z.coerce.number().int().min(1).max(100_000).default(1000) }),
      summary: 'Who asked what: every API request with its user, route, expression and record count (admin)',
      handler: async (ctx) => ({ data: await v.store.listHistory((ctx.query as { length: number }).length) }),
    },
  ];
}

function liveRow(s: NodeStats, sessionsStored: number) {
  return {
    nodeName: s.node, currentTime: Math.floor(s.ts / 1000), totalPackets: s.packets, totalK: s.kbSaved, totalSessions: sessionsStored,
    monitoring: s.activeSessions, freeSpaceM: s.freeSpaceMb, freeSpaceP: null, memory: s.memory, cpu: s.cpu, diskQueue: s.queueBytes,
    deltaPacketsPerSec: s.packetsPerSec, deltaBytesPerSec: s.bytesPerSec, deltaSessionsPerSec: s.sessionsPerSec,
    deltaDroppedPerSec: 0, totalDropped: s.kernelDrops + s.queueDrops,
  };
}

function lockRoute(v: ViewerContext, lock: boolean): Route {
  return {
    method: 'POST', path: `/api/files/:id/${lock ? 'lock' : 'unlock'}`, need: 'admin',
    summary: lock ? 'Holds a capture file as evidence: retention never deletes it' : 'Releases an evidence hold',
    handler: async (ctx) => {
      if (!/^\d{1,9}$/.test(ctx.params.id)) throw new HttpError(400, `file id "${ctx.params.id}" is not a number`);
      if (!(await v.store.setFileLocked(Number(ctx.params.id), lock))) throw new HttpError(404, `no file ${ctx.params.id}`);
      return { success: true };
    },
  };
}

function tagRoute(v: ViewerContext, add: boolean): Route {
  return {
    method: 'POST', path: `/api/sessions/${add ? 'add' : 'remove'}tags`, need: 'packets', body: TagsBody,
    summary: `${add ? 'Adds' : 'Removes'} tags on every session the expression, time range or ids select`,
    handler: async (ctx) => {
      const b = ctx.body as z.infer<typeof TagsBody>;
      const tags = b.tags.split(',').map((t) => t.trim()).filter(Boolean);
      if (!tags.length) throw new HttpError(400, 'tags: name at least one tag');
      const s = await buildSearch(v.store, SearchQuery.parse(b), ctx.user);
      const n = await v.store.changeTags(s, tags, add);
      ctx.records = n;
      return { success: true, sessions: n, text: `${add ? 'Added' : 'Removed'} ${tags.length === 1 ? 'tag' : 'tags'} on ${n} sessions` };
    },
  };
}

function shortcutOf(b: z.infer<typeof ShortcutBody>) {
  const values = (Array.isArray(b.value) ? b.value : b.value.split(/[\n,]/)).map((x) => x.trim()).filter(Boolean);
  if (!values.length) throw new HttpError(400, 'value: a shortcut needs at least one value');
  for (const x of values) {
    if (b.type === 'integer' && !/^-?\d+$/.test(x)) throw new HttpError(400, `value: "${x}" is not an integer`);
    if (b.type === 'ip' && !parseIpValue(x)) throw new HttpError(400, `value: "${x}" is not an IP address, block or prefix`);
  }
  return { name: b.name, type: b.type, values, description: b.description };
}

function shortcutId(text: string): number {
  if (!/^\d{1,9}$/.test(text)) throw new HttpError(400, `shortcut id "${text}" is not a number`);
  return Number(text);
}

async function mayChange(v: ViewerContext, id: number, user: { id: string; roles: string[] }): Promise<void> {
  const s = (await v.store.listShortcuts()).find((x) => x.id === id);
  if (!s) throw new HttpError(404, `no shortcut ${id}`);
  if (s.userId !== user.id && !user.roles.includes('admin')) throw new HttpError(403, `shortcut ${s.name} belongs to ${s.userId}`);
}

/**
 * A fleet node's status from its newest sign of life (registry refresh or stats record): up within
 * two registration periods, late within a minute, down after. Nodes that never registered nor sent
 * stats (imports) have none.
 */
export function nodeStatus(n: NodeInfo | undefined, statsTs: number | undefined, now: number): { status: 'up' | 'late' | 'down' | null; lastSeen: number | null; url: string | null; version: string | null; spoolBytes: number | null } {
  const seen = Math.max(n?.lastSeen ?? 0, statsTs ?? 0);
  const status = !seen ? null : now - seen <= 2 * REGISTER_EVERY_MS ? 'up' : now - seen <= 60_000 ? 'late' : 'down';
  return { status, lastSeen: seen || null, url: n?.url ?? null, version: n?.version ?? null, spoolBytes: n?.spoolBytes ?? null };
}

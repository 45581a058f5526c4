// `weir serve`: the viewer's HTTP server. Every endpoint but /health needs a user; every request
// is validated against its route's schema and written to the history with its user.
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { ViewerStore } from '../store/store.js';
import { LocalPacketSource, type PacketSource } from '../pcap/packet-source.js';
import { Authenticator, allowed, ensureAdmin } from './auth.js';
import { HttpError, Router, queryObject, readBody, sendJson, validate, type Ctx, type Route } from './http.js';
import { ViewerContext } from './context.js';
import { sessionRoutes } from './routes/sessions.js';
import { aggregateRoutes } from './routes/aggregate.js';
import { packetRoutes } from './routes/packets.js';
import { adminRoutes } from './routes/admin.js';
import { openApi } from './openapi.js';
import { deepLinkPage, UI_PATHS } from './deep-link.js';

export interface ViewerOptions {
  store: ViewerStore;
  node: string;
  source?: PacketSource;
  log?: (line: string) => void;
}

export interface Viewer {
  server: Server;
  context: ViewerContext;
  /** The generated admin password on a first start (print it once), else null. */
  adminPassword: string | null;
  close(): Promise<void>;
}

export async function createViewer(opts: ViewerOptions): Promise<Viewer> {
  const log = opts.log ?? ((l: string) => process.stderr.write(l + '\n'));
  const context = new ViewerContext(opts.store, opts.source ?? new LocalPacketSource(), opts.node);
  const adminPassword = await ensureAdmin(opts.store);
  const auth = new Authenticator(opts.store);
  const routes: Route[] = [...sessionRoutes(context), ...aggregateRoutes(context), ...packetRoutes(context), ...adminRoutes(context)];
  routes.push({ method: 'GET', path: '/api/openapi.json', need: 'search', summary: 'This API description (OpenAPI 3.1)', handler: async () => openApi(routes) });
  const router = new Router(routes);

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', 'http://weir.invalid');
    if (url.pathname === '/health') return sendJson(res, 200, { status: 'ok' });
    const user = await auth.check(req.headers.authorization);
    if (user === 'rate-limited') throw new HttpError(429, 'too many failed logins for this user; wait a minute');
    if (!user) {
      res.setHeader('www-authenticate', 'Basic realm="Weir", charset="UTF-8"');
      throw new HttpError(401, 'authentication required');
    }
    if (req.method === 'GET' && UI_PATHS.includes(url.pathname)) return deepLinkPage(res, url);
    const { route, params } = router.match(req.method ?? 'GET', url.pathname);
    if (!allowed(user, route.need)) throw new HttpError(403, `user ${user.id} (${user.roles.join(', ')}) may not use ${route.path}`);
    const ctx: Ctx = {
      req, res, params, user, search: url.search,
      query: validate(route.query, queryObject(url.searchParams), 'query'),
      body: route.body ? validate(route.body, (await readBody(req)) ?? {}, 'body') : undefined,
    };
    const started = Date.now();
    let failed: unknown = null;
    try {
      const value = await route.handler(ctx);
      if (value !== undefined && !res.headersSent) sendJson(res, 200, value);
    } catch (e) {
      failed = e;
      throw e;
    } finally {
      const expression = (ctx.query as { expression?: string }).expression ?? (ctx.body as { expression?: string } | undefined)?.expression ?? null;
      await opts.store.addHistory({ ts: started, userId: user.id, route: `${route.method} ${route.path}`, expression, query: url.search.slice(0, 10_000), records: failed ? null : ctx.records ?? null })
        .catch((e) => log(`weir: history not written: ${(e as Error).message}`));
    }
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((e: unknown) => {
      if (res.headersSent) {
        // A stream that failed part way can only be cut short.
        if (!(e as { streamed?: boolean }).streamed) log(`weir: ${req.method} ${req.url}: ${(e as Error).message}`);
        res.destroy();
        return;
      }
      if (e instanceof HttpError) return sendJson(res, e.status, { success: false, text: e.message, ...e.extra });
      // The user gets a reason without internals; the operator's log gets the stack.
      const ref = randomBytes(4).toString('hex');
      log(`weir: [${ref}] ${req.method} ${req.url}: ${(e as Error)?.stack ?? String(e)}`);
      sendJson(res, 500, { success: false, text: `internal error (reference ${ref} in the server log)` });
    });
  });
  server.headersTimeout = 30_000;
  return {
    server, context, adminPassword,
    close: async () => {
      await new Promise<void>((r) => server.close(() => r()));
      await context.source.close();
    },
  };
}

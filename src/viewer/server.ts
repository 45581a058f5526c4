// `weir serve`: the viewer's HTTP server. Every endpoint but /health needs a user; every request
// is validated against its route's schema and written to the history with its user.
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { ViewerStore } from '../store/store.js';
import { LocalPacketSource, type PacketSource } from '../pcap/packet-source.js';
import { Authenticator, allowed, ensureAdmin } from './auth.js';
import { requestUser } from './request-user.js';
import { HttpError, Router, queryObject, readBody, sendJson, validate, type Ctx, type Route } from './http.js';
import { ViewerContext } from './context.js';
import { sessionRoutes } from './routes/sessions.js';
import { aggregateRoutes } from './routes/aggregate.js';
import { packetRoutes } from './routes/packets.js';
import { adminRoutes } from './routes/admin.js';
import { openApi } from './openapi.js';
import { deepLinkPage, UI_PATHS } from './deep-link.js';
import { LoginSessions, csrfMatches, CSRF_HEADER } from './login.js';
import { StaticFiles } from './static-files.js';
import { uploadRoute } from './routes/upload.js';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer as createHttpsServer } from 'node:https';
import { z } from 'zod';

/** The content types a cross-site HTML form can send (CORS "simple" requests), or none. */
function simpleContentType(type: string | undefined): boolean {
  const t = (type ?? '').split(';')[0].trim().toLowerCase();
  return t === '' || t === 'text/plain' || t === 'multipart/form-data' || t === 'application/x-www-form-urlencoded';
}

const LoginBody = z.object({ user: z.string().min(1).max(64), password: z.string().min(1).max(1024) });

export interface ViewerOptions {
  store: ViewerStore;
  node: string;
  source?: PacketSource;
  log?: (line: string) => void;
  /** PEM certificate and key: serve HTTPS (cookies then carry Secure). */
  tls?: { cert: Buffer; key: Buffer };
  /** The built web UI (web/dist); absent: UI paths get the plain deep-link page. */
  webRoot?: string;
  /** Where uploaded captures are kept (default: a folder in the system's temp dir). */
  uploadDir?: string;
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
  const logins = new LoginSessions(Boolean(opts.tls));
  const ui = opts.webRoot ? new StaticFiles(opts.webRoot) : null;
  const uploads = opts.uploadDir ?? join(tmpdir(), 'weir-uploads');
  const routes: Route[] = [...sessionRoutes(context), ...aggregateRoutes(context), ...packetRoutes(context), ...adminRoutes(context), uploadRoute(context, uploads)];
  routes.push(
    { method: 'GET', path: '/api/openapi.json', need: 'search', summary: 'This API description (OpenAPI 3.1)', handler: async () => openApi(routes) },
    {
      method: 'GET', path: '/api/user/current', need: 'search', summary: 'The logged-in user: id, roles, forced expression, and the CSRF token of a cookie login',
      handler: async (ctx) => ({ id: ctx.user.id, roles: ctx.user.roles, expression: ctx.user.expression, csrf: logins.find(ctx.req)?.csrf ?? null }),
    },
    {
      method: 'POST', path: '/api/logout', need: 'search', summary: 'Ends the cookie login',
      handler: async (ctx) => {
        logins.end(ctx.req, ctx.res);
        return { success: true };
      },
    },
  );
  const router = new Router(routes);

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', 'http://weir.invalid');
    if (url.pathname === '/health') return sendJson(res, 200, { status: 'ok' });
    // Without a login only these answer: the login call, and the UI's page and static assets
    // (code, no data), so that a browser can show the login form.
    if (url.pathname === '/api/login' && req.method === 'POST') return login(req, res);
    if (ui && req.method === 'GET' && ui.isAsset(url.pathname)) return ui.send(res, url.pathname);
    const cookie = logins.find(req);
    const basic = cookie ? null : await auth.check(req.headers.authorization);
    if (basic === 'rate-limited') throw new HttpError(429, 'too many failed logins for this user; wait a minute');
    const user = cookie?.user ?? basic;
    const uiPage = req.method === 'GET' && (UI_PATHS.includes(url.pathname) || url.pathname === '/login');
    if (!user) {
      // A browser following a deep link goes to the login form and comes back after it.
      if (uiPage && ui) return ui.sendIndex(res);
      throw new HttpError(401, 'authentication required (log in, or HTTP Basic credentials)');
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      // CSRF: a cookie login must echo its token; Basic credentials (which a browser may have
      // cached) must come with a content type no cross-site form can send without a preflight.
      if (cookie ? !csrfMatches(req, cookie) : simpleContentType(req.headers['content-type'])) {
        throw new HttpError(403, cookie ? `missing or wrong ${CSRF_HEADER} header` : 'state-changing requests with Basic credentials need a content type such as application/json');
      }
    }
    if (uiPage) return ui ? ui.sendIndex(res) : deepLinkPage(res, url);
    const { route, params } = router.match(req.method ?? 'GET', url.pathname);
    if (!allowed(user, route.need)) throw new HttpError(403, `user ${user.id} (${user.roles.join(', ')}) may not use ${route.path}`);
    const ctx: Ctx = {
      req, res, params, user, search: url.search,
      query: validate(route.query, queryObject(url.searchParams), 'query'),
      body: route.body ? validate(route.body, (await readBody(req)) ?? {}, 'body') : undefined,
    };
    const started = Date.now();
    let failed: unknown = null;
    let value: unknown;
    try {
      value = await requestUser.run(user.id, () => route.handler(ctx));
    } catch (e) {
      failed = e;
    }
    // Written before the answer goes out, so that a client's next request sees it.
    const expression = (ctx.query as { expression?: string }).expression ?? (ctx.body as { expression?: string } | undefined)?.expression ?? null;
    await opts.store.addHistory({ ts: started, userId: user.id, route: `${route.method} ${route.path}`, expression, query: url.search.slice(0, 10_000), records: failed ? null : ctx.records ?? null })
      .catch((e) => log(`weir: history not written: ${(e as Error).message}`));
    if (failed) throw failed;
    if (value !== undefined && !res.headersSent) sendJson(res, 200, value);
  };

  const login = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    // JSON only: a cross-site form cannot log a browser into someone else's account.
    if (simpleContentType(req.headers['content-type'])) throw new HttpError(415, 'log in with a JSON body {"user", "password"}');
    const b = validate(LoginBody, (await readBody(req, 10_000)) ?? {}, 'body');
    const user = await auth.verify(b.user, b.password);
    if (user === 'rate-limited') throw new HttpError(429, 'too many failed logins for this user; wait a minute');
    if (!user) throw new HttpError(401, 'wrong user name or password');
    const s = logins.create(res, user);
    await opts.store.addHistory({ ts: Date.now(), userId: user.id, route: 'POST /api/login', expression: null, query: '', records: null }).catch(() => undefined);
    sendJson(res, 200, { id: user.id, roles: user.roles, csrf: s.csrf });
  };

  const onRequest = (req: IncomingMessage, res: ServerResponse) => {
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
  };
  const server = opts.tls ? createHttpsServer({ cert: opts.tls.cert, key: opts.tls.key }, onRequest) : createServer(onRequest);
  server.headersTimeout = 30_000;
  return {
    server, context, adminPassword,
    close: async () => {
      await new Promise<void>((r) => server.close(() => r()));
      await context.source.close();
    },
  };
}

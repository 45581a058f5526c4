// The viewer's small HTTP core: a route table (method, path pattern, zod schemas for query and
// body, the role it needs), parameter validation, and errors that never carry a stack trace.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { z } from 'zod';
import type { AuthUser } from './auth.js';

export class HttpError extends Error {
  constructor(readonly status: number, message: string, readonly extra: Record<string, unknown> = {}) {
    super(message);
  }
}

export interface Ctx<Q = Record<string, unknown>, B = unknown> {
  req: IncomingMessage;
  res: ServerResponse;
  params: Record<string, string>;
  query: Q;
  body: B;
  user: AuthUser;
  /** The raw query string (history). */
  search: string;
  /** How many records the request returned or exported, for the history. */
  records?: number;
}

export interface Route {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  path: string;
  summary: string;
  /** What the route needs of the user: any role, packet bytes (analyst), or admin. */
  need: 'search' | 'packets' | 'admin';
  query?: z.ZodObject;
  body?: z.ZodType;
  /** Response media type for the OpenAPI file (JSON unless said). */
  produces?: string;
  /** Documentation of the JSON response. */
  response?: z.ZodType;
  /** Returns a value to send as JSON, or writes the response itself and returns undefined. */
  handler: (ctx: Ctx<any, any>) => Promise<unknown>;
}

interface Compiled {
  route: Route;
  re: RegExp;
  names: string[];
}

export class Router {
  private readonly compiled: Compiled[] = [];

  constructor(readonly routes: Route[]) {
    for (const route of routes) {
      const names: string[] = [];
      const re = new RegExp('^' + route.path.replace(/[.]/g, '\\.').replace(/:([a-zA-Z]+)/g, (_, n) => (names.push(n), '([^/]+?)')) + '$');
      this.compiled.push({ route, re, names });
    }
  }

  /** The route for a request, or a 404/405 error. */
  match(method: string, path: string): { route: Route; params: Record<string, string> } {
    let pathMatched = false;
    for (const c of this.compiled) {
      const m = c.re.exec(path);
      if (!m) continue;
      pathMatched = true;
      if (c.route.method !== method && !(method === 'HEAD' && c.route.method === 'GET')) continue;
      const params: Record<string, string> = {};
      c.names.forEach((n, i) => (params[n] = decodeURIComponent(m[i + 1])));
      return { route: c.route, params };
    }
    throw new HttpError(pathMatched ? 405 : 404, pathMatched ? `method ${method} not allowed on ${path}` : `no such endpoint: ${path}`);
  }
}

/** Validates parameters; a failure is a 400 naming the parameter and the reason. */
export function validate<T>(schema: z.ZodType<T> | undefined, value: unknown, where: string): T {
  if (!schema) return value as T;
  const r = schema.safeParse(value);
  if (r.success) return r.data;
  const issue = r.error.issues[0];
  const name = issue.path.join('.');
  throw new HttpError(400, `${where}${name ? ` parameter "${name}"` : ''}: ${issue.message}`);
}

/** Query parameters as an object; a repeated name keeps its last value (as Arkime's server does). */
export function queryObject(params: URLSearchParams): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of params) out[k] = v;
  return out;
}

export async function readBody(req: IncomingMessage, limit = 1 << 20): Promise<unknown> {
  const parts: Buffer[] = [];
  let n = 0;
  for await (const c of req) {
    n += (c as Buffer).length;
    if (n > limit) throw new HttpError(413, `request body over ${limit} bytes`);
    parts.push(c as Buffer);
  }
  if (!n) return undefined;
  const text = Buffer.concat(parts).toString('utf8');
  const type = req.headers['content-type'] ?? '';
  if (type.includes('application/x-www-form-urlencoded')) return queryObject(new URLSearchParams(text));
  try {
    return JSON.parse(text);
  } catch {
    throw new HttpError(400, 'request body is not valid JSON');
  }
}

export function sendJson(res: ServerResponse, status: number, value: unknown): void {
  const body = JSON.stringify(value);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(body), 'cache-control': 'no-store' });
  res.end(body);
}

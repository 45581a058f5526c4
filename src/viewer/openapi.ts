// The OpenAPI description, generated from the same route table and zod schemas that validate
// requests, so the document cannot drift from what the server accepts.
import { z } from 'zod';
import type { Route } from './http.js';

const toSchema = (s: z.ZodType) => z.toJSONSchema(s, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;

export function openApi(routes: Route[]): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {
    '/health': { get: { summary: 'Liveness (the one endpoint without authentication)', security: [], responses: { 200: { description: 'ok' } } } },
    '/api/login': {
      post: {
        summary: 'Logs in: sets an HttpOnly, SameSite=Strict session cookie and returns the CSRF token state-changing requests must send in x-weir-csrf',
        security: [],
        requestBody: { required: true, content: { 'application/json': { schema: { type: 'object', required: ['user', 'password'], properties: { user: { type: 'string' }, password: { type: 'string' } } } } } },
        responses: { 200: { description: '{ id, roles, csrf }' }, 401: { description: 'Wrong user name or password' }, 429: { description: 'Locked after 10 failures in a minute' } },
      },
    },
  };
  for (const r of routes) {
    const path = r.path.replace(/:([a-zA-Z]+)/g, '{$1}');
    const params: unknown[] = [...r.path.matchAll(/:([a-zA-Z]+)/g)].map((m) => ({ name: m[1], in: 'path', required: true, schema: { type: 'string' } }));
    if (r.query) {
      const js = toSchema(r.query) as { properties?: Record<string, Record<string, unknown>>; required?: string[] };
      for (const [name, schema] of Object.entries(js.properties ?? {})) {
        const { description, ...rest } = schema;
        params.push({ name, in: 'query', required: js.required?.includes(name) ?? false, description, schema: rest });
      }
    }
    const media = r.produces ?? 'application/json';
    (paths[path] ??= {})[r.method.toLowerCase()] = {
      summary: r.summary,
      'x-weir-role': r.need,
      parameters: params,
      ...(r.body ? { requestBody: { required: true, content: { 'application/json': { schema: toSchema(r.body) } } } } : {}),
      responses: {
        200: { description: 'OK', content: { [media]: { schema: r.response ? toSchema(r.response) : media === 'application/json' ? { type: 'object' } : { type: 'string', format: 'binary' } } } },
        400: { description: 'Bad parameters or expression: { success: false, text, position?, expected? }' },
        401: { description: 'No or wrong credentials' },
        403: { description: 'The user\'s role does not allow this' },
      },
    };
  }
  return {
    openapi: '3.1.0',
    info: { title: 'Weir viewer API', version: '0.1.0', description: 'Arkime-compatible session search, aggregations, packets and exports. Authentication: HTTP Basic.' },
    components: { securitySchemes: { basic: { type: 'http', scheme: 'basic' } } },
    security: [{ basic: [] }],
    paths,
  };
}

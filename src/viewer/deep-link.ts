// The UI's URLs, accepted now so that third-party deep links (Arkime's form:
// /sessions?expression=...&startTime=...&stopTime=...&date=...&bounding=...) resolve. The web UI
// (issue 5) renders them; until then the page states the search and links to its API answer.
import type { ServerResponse } from 'node:http';
import { SearchQuery } from './search-params.js';
import { validate } from './http.js';

export const UI_PATHS = ['/', '/sessions', '/spiview', '/spigraph', '/connections', '/files', '/stats', '/upload'];

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

export function deepLinkPage(res: ServerResponse, url: URL): void {
  const q = validate(SearchQuery.passthrough(), Object.fromEntries(url.searchParams), 'query');
  const api = `/api${url.pathname === '/' ? '/sessions' : url.pathname}${url.search}`;
  const rows = Object.entries(q).map(([k, v]) => `<tr><th>${esc(k)}</th><td><code>${esc(String(v))}</code></td></tr>`).join('');
  const body = `<!doctype html><meta charset="utf-8"><title>Weir</title>
<h1>Weir</h1><p>Search parameters of this link:</p><table>${rows}</table>
<p>Results: <a href="${esc(api)}">${esc(api)}</a> · API description: <a href="/api/openapi.json">/api/openapi.json</a></p>`;
  res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'content-security-policy': "default-src 'none'", 'x-content-type-options': 'nosniff' });
  res.end(body);
}

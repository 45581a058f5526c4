// The built web UI: index.html for every UI route (the app reads the URL itself) and the hashed
// assets Vite emits. Paths are resolved inside the root only.
import { existsSync, readFileSync } from 'node:fs';
import { extname, join, normalize, resolve, sep } from 'node:path';
import type { ServerResponse } from 'node:http';

const TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8', '.svg': 'image/svg+xml',
  '.png': 'image/png', '.woff2': 'font/woff2', '.json': 'application/json', '.html': 'text/html; charset=utf-8', '.ico': 'image/x-icon',
};

const SECURITY_HEADERS = {
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'same-origin',
  'content-security-policy': "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; object-src 'none'; frame-ancestors 'none'",
};

export class StaticFiles {
  private readonly root: string;

  constructor(root: string) {
    this.root = resolve(root);
  }

  static available(root: string): boolean {
    return existsSync(join(root, 'index.html'));
  }

  isAsset(path: string): boolean {
    return path.startsWith('/assets/') || path === '/favicon.svg';
  }

  send(res: ServerResponse, path: string): void {
    const file = normalize(join(this.root, decodeURIComponent(path)));
    if (!file.startsWith(this.root + sep) || !existsSync(file)) {
      res.writeHead(404, { 'content-type': 'text/plain' });
      res.end('not found');
      return;
    }
    // Vite names assets by content hash: they can be cached for good.
    res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream', 'cache-control': 'public, max-age=31536000, immutable', ...SECURITY_HEADERS });
    res.end(readFileSync(file));
  }

  sendIndex(res: ServerResponse): void {
    res.writeHead(200, { 'content-type': TYPES['.html'], 'cache-control': 'no-store', ...SECURITY_HEADERS });
    res.end(readFileSync(join(this.root, 'index.html')));
  }
}

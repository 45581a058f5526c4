// A real viewer on a free port over a real store, and an HTTP client for it.
import type { AddressInfo } from 'node:net';
import { createViewer, type Viewer } from '../../src/viewer/server.js';
import type { ViewerStore } from '../../src/store/store.js';
import type { PacketSource } from '../../src/pcap/packet-source.js';

export const ADMIN_PASSWORD = 'test-admin-password-1';

export interface Api {
  base: string;
  viewer: Viewer;
  /** GET with admin credentials (or `auth`); returns status, parsed JSON (when JSON) and raw body. */
  get(path: string, params?: Record<string, string | number>, auth?: string): Promise<{ status: number; json: any; body: Buffer; headers: Headers }>;
  send(method: string, path: string, body: unknown, auth?: string): Promise<{ status: number; json: any }>;
  close(): Promise<void>;
}

export const basic = (user: string, password: string) => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;

export async function startApi(store: ViewerStore, node = 'test', source?: PacketSource): Promise<Api> {
  const before = process.env.WEIR_ADMIN_PASSWORD;
  process.env.WEIR_ADMIN_PASSWORD = ADMIN_PASSWORD;
  const logs: string[] = [];
  const viewer = await createViewer({ store, node, source, log: (l) => logs.push(l) });
  if (before === undefined) delete process.env.WEIR_ADMIN_PASSWORD;
  else process.env.WEIR_ADMIN_PASSWORD = before;
  await new Promise<void>((r) => viewer.server.listen(0, '127.0.0.1', () => r()));
  const base = `http://127.0.0.1:${(viewer.server.address() as AddressInfo).port}`;
  const admin = basic('admin', ADMIN_PASSWORD);
  const parse = (body: Buffer, headers: Headers) => ((headers.get('content-type') ?? '').includes('json') ? JSON.parse(body.toString('utf8')) : null);
  return {
    base, viewer,
    async get(path, params = {}, auth = admin) {
      const qs = new URLSearchParams(Object.entries(params).map(([k, v]) => [k, String(v)])).toString();
      const r = await fetch(`${base}${path}${qs ? `?${qs}` : ''}`, { headers: auth ? { authorization: auth } : {} });
      const body = Buffer.from(await r.arrayBuffer());
      return { status: r.status, json: parse(body, r.headers), body, headers: r.headers };
    },
    async send(method, path, body, auth = admin) {
      const r = await fetch(`${base}${path}`, { method, headers: { authorization: auth, 'content-type': 'application/json' }, body: JSON.stringify(body) });
      const b = Buffer.from(await r.arrayBuffer());
      return { status: r.status, json: parse(b, r.headers) };
    },
    async close() {
      await viewer.close();
      if (logs.length) console.log(logs.join('\n'));
    },
  };
}

// A node's API server plus its entry in the store's node registry, refreshed while it runs (the
// central viewer finds it there, and the Stats page reads "last seen" from it).
import type { AddressInfo } from 'node:net';
import { LocalPacketSource } from '../pcap/packet-source.js';
import type { Store, ViewerStore } from '../store/store.js';
import { VERSION } from '../version.js';
import { createNodeApi } from './server.js';
import type { NodeKeys } from './signing.js';

export const REGISTER_EVERY_MS = 10_000;

export interface NodeServiceOptions {
  node: string;
  store: ViewerStore;
  keys: NodeKeys;
  /** host:port to listen on (port 0 picks one). */
  listen: string;
  /** The URL viewers use (default: http://<listen address>). */
  publicUrl?: string;
  spoolBytes?: () => number;
  /** Serve HTTPS; with `ca`, only clients holding a certificate it signed get through. */
  tls?: { cert: Buffer; key: Buffer; ca?: Buffer };
  log?: (line: string) => void;
}

export async function startNodeService(o: NodeServiceOptions): Promise<{ url: string; close(): Promise<void> }> {
  const source = new LocalPacketSource();
  const server = createNodeApi({ node: o.node, store: o.store as Store, source, keys: o.keys, tls: o.tls, log: o.log });
  const at = o.listen.lastIndexOf(':');
  const host = at < 0 ? '0.0.0.0' : o.listen.slice(0, at).replace(/^\[|\]$/g, '');
  const port = Number(at < 0 ? o.listen : o.listen.slice(at + 1));
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`--listen needs host:port, got "${o.listen}"`);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  const actual = (server.address() as AddressInfo).port;
  const url = o.publicUrl ?? `http${o.tls ? 's' : ''}://${host === '0.0.0.0' ? '127.0.0.1' : host}:${actual}`;
  const startedAt = Date.now();
  const register = () => o.store.registerNode({ name: o.node, url, version: VERSION, startedAt, lastSeen: Date.now(), spoolBytes: o.spoolBytes?.() ?? 0 })
    .catch((e: Error) => o.log?.(`node registration failed (retrying): ${e.message}`));
  await register();
  const timer = setInterval(() => void register(), REGISTER_EVERY_MS);
  timer.unref();
  return {
    url,
    async close() {
      clearInterval(timer);
      await new Promise<void>((r) => server.close(() => r()));
      server.closeAllConnections();
      await source.close();
    },
  };
}

// A capture node's API: just what a central viewer needs from it (health, its files, packets by
// position, one session's PCAP). Every route needs a signed request (signing.ts); each request is
// logged with the user the viewer signed it for.
import http from 'node:http';
import https from 'node:https';
import { LocalPacketSource, type PacketSource } from '../pcap/packet-source.js';
import type { Store } from '../store/store.js';
import { Verifier, type NodeKeys } from './signing.js';
import { packetFrame } from './packet-frames.js';
import { exportSessionDoc, NotFoundError } from '../ingest/export.js';
import { VERSION } from '../version.js';

export interface NodeApiOptions {
  node: string;
  store: Store;
  source: PacketSource;
  keys: NodeKeys;
  tls?: { cert: Buffer; key: Buffer; ca?: Buffer };
  log?: (line: string) => void;
}

class Refused extends Error {
  constructor(readonly status: number, message: string) {
    super(message);
  }
}

export function createNodeApi(o: NodeApiOptions): http.Server {
  const verifier = new Verifier(o.node, o.keys);
  const startedAt = Date.now();
  const handler = async (req: http.IncomingMessage, res: http.ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://node');
    const v = verifier.check(req.method ?? 'GET', req.url ?? '/', req.headers);
    if (!v.ok) throw new Refused(v.status, v.reason);
    o.log?.(`node api: ${v.user} ${req.method} ${url.pathname}${url.search}`);
    if (req.method !== 'GET') throw new Refused(405, 'the node API only reads');
    switch (url.pathname) {
      case '/node/health':
        return json(res, { node: o.node, version: VERSION, startedAt, uptimeMs: Date.now() - startedAt });
      case '/node/files':
        return json(res, (await o.store.listFiles()).filter((f) => f.node === o.node));
      case '/node/packets': {
        const id = Number(url.searchParams.get('file'));
        const file = await o.store.getFile(id);
        if (!file || file.node !== o.node) throw new Refused(404, `node ${o.node} has no file ${url.searchParams.get('file')}`);
        if (file.deletedAt) throw new Refused(410, `retention deleted ${file.path} at ${new Date(file.deletedAt).toISOString()}`);
        const nums = (k: string) => (url.searchParams.get(k) ?? '').split(',').filter(Boolean).map(Number);
        const positions = nums('pos'), lengths = nums('len');
        if (positions.some((p) => !Number.isSafeInteger(p) || p < 0)) throw new Refused(400, 'pos takes byte offsets');
        res.writeHead(200, { 'content-type': 'application/x-weir-packets' });
        for await (const p of o.source.read(file, positions, lengths.length === positions.length ? lengths : undefined)) {
          if (!res.write(packetFrame(p))) await new Promise((r) => res.once('drain', r));
        }
        res.end();
        return;
      }
      case '/node/session.pcap': {
        const id = url.searchParams.get('id') ?? '';
        const s = await o.store.getSession(id);
        if (!s || s.node !== o.node) throw new Refused(404, `node ${o.node} has no session ${id}`);
        res.setHeader('content-type', 'application/vnd.tcpdump.pcap');
        try {
          // Its own source: the export closes it when done.
          await exportSessionDoc(o.store, s, res, new LocalPacketSource());
        } catch (e) {
          if (e instanceof NotFoundError) throw new Refused(404, e.message);
          throw e;
        }
        res.end();
        return;
      }
      default:
        throw new Refused(404, `no node API route ${url.pathname}`);
    }
  };
  const serve = (req: http.IncomingMessage, res: http.ServerResponse) => {
    handler(req, res).catch((e: Error) => {
      const status = e instanceof Refused ? e.status : 500;
      if (!(e instanceof Refused)) o.log?.(`node api: ${req.url}: ${e.message}`);
      if (res.headersSent) res.destroy(e);
      else json(res, { error: e.message }, status);
    });
  };
  // Mutual TLS: with a CA, only clients holding a certificate it signed get through.
  return o.tls ? https.createServer({ cert: o.tls.cert, key: o.tls.key, ca: o.tls.ca, requestCert: Boolean(o.tls.ca), rejectUnauthorized: Boolean(o.tls.ca) }, serve) : http.createServer(serve);
}

function json(res: http.ServerResponse, v: unknown, status = 200): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(v));
}

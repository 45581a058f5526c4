// The central viewer's packet source: packets of files on this machine are read here, those of
// other nodes are asked of their node API (signed for the viewer's user, with a deadline). A node
// that is down or unknown is named in the error, which the viewer answers with 502.
import http from 'node:http';
import https from 'node:https';
import type { FileEntry, NodeInfo } from '../store/store.js';
import type { PacketSource, StoredPacket } from '../pcap/packet-source.js';
import { HttpError } from '../viewer/http.js';
import { requestUser } from '../viewer/request-user.js';
import { signedHeaders, type NodeKeys } from './signing.js';
import { readFrames } from './packet-frames.js';

/** Positions per request: keeps the request line short. */
const POSITIONS_PER_REQUEST = 400;
const NODE_LIST_TTL_MS = 10_000;

export class NodeUnavailableError extends HttpError {
  constructor(readonly node: string, why: string) {
    super(502, `node ${node} is unavailable: ${why}`, { node });
  }
}

export interface FleetSourceOptions {
  keys: NodeKeys;
  nodes: () => Promise<NodeInfo[]>;
  /** This machine's node and its files, read without the network (a viewer beside a capture). */
  local?: { node: string; source: PacketSource };
  timeoutMs?: number;
  /** Client certificate and CA for nodes that require mutual TLS. */
  tls?: { cert: Buffer; key: Buffer; ca: Buffer };
}

export class FleetPacketSource implements PacketSource {
  private known: { at: number; byName: Map<string, NodeInfo> } | null = null;

  constructor(private readonly o: FleetSourceOptions) {}

  private async nodeUrl(name: string, fresh = false): Promise<string> {
    for (const refresh of [fresh, true]) {
      if (refresh || !this.known || Date.now() - this.known.at > NODE_LIST_TTL_MS) this.known = { at: Date.now(), byName: new Map((await this.o.nodes()).map((n) => [n.name, n])) };
      const n = this.known.byName.get(name);
      if (n?.url) return n.url.replace(/\/$/, '');
    }
    throw new NodeUnavailableError(name, 'it has not registered a node API (start it with --listen)');
  }

  async *read(file: FileEntry, positions: ArrayLike<number>, lengths?: ArrayLike<number>, readAhead = false): AsyncGenerator<StoredPacket> {
    if (this.o.local && file.node === this.o.local.node) {
      yield* this.o.local.source.read(file, positions, lengths, readAhead);
      return;
    }
    for (let i = 0; i < positions.length; i += POSITIONS_PER_REQUEST) {
      const pos = Array.from(positions).slice(i, i + POSITIONS_PER_REQUEST);
      const len = lengths ? Array.from(lengths).slice(i, i + POSITIONS_PER_REQUEST) : [];
      const path = `/node/packets?file=${file.id}&pos=${pos.join(',')}${len.length ? `&len=${len.join(',')}` : ''}`;
      yield* readFrames(await this.getFromNode(file.node, path), file.id);
    }
  }

  /** A node that does not answer may have restarted elsewhere: its registry entry is read again once. */
  private async getFromNode(node: string, path: string): Promise<http.IncomingMessage> {
    const base = await this.nodeUrl(node);
    try {
      return await this.get(node, base, path);
    } catch (e) {
      if (!(e instanceof NodeUnavailableError)) throw e;
      const now = await this.nodeUrl(node, true);
      if (now === base) throw e;
      return this.get(node, now, path);
    }
  }

  /** A signed GET; resolves with the response body stream once the node answered 200. */
  private get(node: string, base: string, path: string): Promise<http.IncomingMessage> {
    const key = this.o.keys.keyFor(node);
    if (!key) return Promise.reject(new NodeUnavailableError(node, 'no key for it in the viewer\'s node keys'));
    const user = requestUser.getStore() ?? 'system';
    const timeout = this.o.timeoutMs ?? 5000;
    const url = new URL(path, base);
    const mod = url.protocol === 'https:' ? https : http;
    return new Promise((resolve, reject) => {
      const req = mod.get(url, { headers: signedHeaders('GET', path, user, node, key), timeout, ...(this.o.tls ?? {}) }, (res) => {
        if (res.statusCode === 200) return resolve(res);
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          let why = Buffer.concat(chunks).toString('utf8');
          try {
            why = (JSON.parse(why) as { error: string }).error;
          } catch {
            /* not JSON */
          }
          reject(res.statusCode === 404 || res.statusCode === 410 ? new HttpError(res.statusCode, `node ${node}: ${why}`) : new NodeUnavailableError(node, `it answered ${res.statusCode}: ${why}`));
        });
      });
      req.on('timeout', () => req.destroy(new Error(`no answer within ${timeout} ms`)));
      req.on('error', (e: NodeJS.ErrnoException) => reject(new NodeUnavailableError(node, `${base}: ${e.code ?? e.message}`)));
    });
  }

  /** Whether a node answers its health check now (exports check before streaming). */
  async up(node: string): Promise<string | null> {
    try {
      const res = await this.getFromNode(node, '/node/health');
      res.resume();
      return null;
    } catch (e) {
      return (e as Error).message;
    }
  }

  async close(): Promise<void> {
    await this.o.local?.source.close();
  }
}

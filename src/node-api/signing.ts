// Viewer-to-node trust: every node API request carries an HMAC-SHA256 over its method, path,
// query, user, target node, time and a one-time nonce. A node refuses requests that are unsigned,
// signed with another key, for another node, outside ±2 minutes of its clock, or seen before.
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { readFileSync } from 'node:fs';

export const MAX_SKEW_MS = 120_000;

export interface SignedFields {
  method: string;
  /** Path and query as sent, e.g. /node/packets?file=3&pos=24,80 */
  url: string;
  user: string;
  node: string;
  ts: number;
  nonce: string;
}

export const HEADERS = { user: 'x-weir-user', node: 'x-weir-node', ts: 'x-weir-time', nonce: 'x-weir-nonce', sig: 'x-weir-signature' } as const;

/** Query parameters sorted, so that re-encoding by a proxy does not break the signature. */
function canonicalUrl(url: string): string {
  const u = new URL(url, 'http://node');
  const q = [...u.searchParams].sort(([a, x], [b, y]) => (a < b ? -1 : a > b ? 1 : x < y ? -1 : x > y ? 1 : 0));
  return `${u.pathname}?${new URLSearchParams(q).toString()}`;
}

export function signature(f: SignedFields, key: Buffer): string {
  const text = ['weir-node-v1', f.method.toUpperCase(), canonicalUrl(f.url), f.user, f.node, String(f.ts), f.nonce].join('\n');
  return createHmac('sha256', key).update(text).digest('base64url');
}

export function signedHeaders(method: string, url: string, user: string, node: string, key: Buffer, now = Date.now()): Record<string, string> {
  const f = { method, url, user, node, ts: now, nonce: randomBytes(16).toString('base64url') };
  return { [HEADERS.user]: user, [HEADERS.node]: node, [HEADERS.ts]: String(f.ts), [HEADERS.nonce]: f.nonce, [HEADERS.sig]: signature(f, key) };
}

/** Keys: one shared secret, or per node (`name secret` lines, `*` for the rest). */
export class NodeKeys {
  constructor(private readonly keys: Map<string, Buffer>) {}

  static shared(secret: string): NodeKeys {
    return new NodeKeys(new Map([['*', checked(secret, 'shared')]]));
  }

  static fromFile(path: string): NodeKeys {
    const m = new Map<string, Buffer>();
    for (const line of readFileSync(path, 'utf8').split('\n').map((l) => l.trim()).filter((l) => l && !l.startsWith('#'))) {
      const [name, secret] = line.split(/\s+/);
      m.set(name, checked(secret ?? '', name));
    }
    if (!m.size) throw new Error(`${path} holds no node keys ("<node> <secret>" lines, "*" for all nodes)`);
    return new NodeKeys(m);
  }

  keyFor(node: string): Buffer | null {
    return this.keys.get(node) ?? this.keys.get('*') ?? null;
  }
}

function checked(secret: string, name: string): Buffer {
  if (secret.length < 32) throw new Error(`the node key for ${name} is too short: use at least 32 characters (e.g. openssl rand -hex 32)`);
  return Buffer.from(secret, 'utf8');
}

export type Verdict = { ok: true; user: string } | { ok: false; status: 401 | 403; reason: string };

/** Checks requests for one node; remembers nonces for as long as their time stays acceptable. */
export class Verifier {
  private readonly seen = new Map<string, number>();

  constructor(private readonly node: string, private readonly keys: NodeKeys, private readonly skewMs = MAX_SKEW_MS) {}

  check(method: string, url: string, headers: Record<string, string | string[] | undefined>, now = Date.now()): Verdict {
    const h = (k: string) => {
      const v = headers[k];
      return typeof v === 'string' ? v : undefined;
    };
    const [user, node, ts, nonce, sig] = [h(HEADERS.user), h(HEADERS.node), h(HEADERS.ts), h(HEADERS.nonce), h(HEADERS.sig)];
    if (!user || !node || !ts || !nonce || !sig) return { ok: false, status: 401, reason: 'unsigned request: node API requests must be signed by a viewer' };
    const key = this.keys.keyFor(this.node);
    const expected = key ? Buffer.from(signature({ method, url, user, node, ts: Number(ts), nonce }, key)) : null;
    const given = Buffer.from(sig);
    if (!expected || expected.length !== given.length || !timingSafeEqual(expected, given)) return { ok: false, status: 401, reason: 'bad signature' };
    if (node !== this.node) return { ok: false, status: 403, reason: `request signed for node ${node}, this is ${this.node}` };
    const t = Number(ts);
    if (!Number.isFinite(t) || Math.abs(now - t) > this.skewMs) return { ok: false, status: 401, reason: `request time ${new Date(t).toISOString()} is outside ±${this.skewMs / 1000} s of this node's clock` };
    this.forget(now);
    if (this.seen.has(nonce)) return { ok: false, status: 401, reason: 'replayed request (nonce seen before)' };
    this.seen.set(nonce, t + this.skewMs);
    return { ok: true, user };
  }

  private forget(now: number): void {
    if (this.seen.size < 1024) return;
    for (const [n, until] of this.seen) if (until < now) this.seen.delete(n);
  }
}

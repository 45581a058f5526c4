// Users and passwords. Passwords are hashed with scrypt (memory-hard: N=2^15, r=8 = 32 MiB per
// hash); there is no default password: the first start creates `admin` with a random one printed
// once, or the one in WEIR_ADMIN_PASSWORD.
import { createHash, randomBytes, scrypt as scryptCb, timingSafeEqual } from 'node:crypto';
import { promisify } from 'node:util';
import type { ViewerStore } from '../store/store.js';
import type { UserRow } from '../store/duckdb/meta.js';

const scrypt = promisify(scryptCb) as (pw: string, salt: Buffer, len: number, opts: object) => Promise<Buffer>;
const N = 1 << 15, R = 8, P = 1;
const SCRYPT_OPTS = { N, r: R, p: P, maxmem: 64 << 20 };

export const ROLES = ['admin', 'analyst', 'viewer'] as const;
export type Role = (typeof ROLES)[number];

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await scrypt(password, salt, 32, SCRYPT_OPTS);
  return `scrypt$${N}$${R}$${P}$${salt.toString('base64')}$${key.toString('base64')}`;
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [kind, n, r, p, salt, key] = stored.split('$');
  if (kind !== 'scrypt') return false;
  const want = Buffer.from(key, 'base64');
  const got = await scrypt(password, Buffer.from(salt, 'base64'), want.length, { N: Number(n), r: Number(r), p: Number(p), maxmem: 64 << 20 });
  return got.length === want.length && timingSafeEqual(got, want);
}

/**
 * Creates `admin` when no user can administer (a new database, or one given only analysts and
 * viewers with `weir user add`); returns the password when it was generated here.
 */
export async function ensureAdmin(store: ViewerStore, fromEnv = process.env.WEIR_ADMIN_PASSWORD): Promise<string | null> {
  if ((await store.listUsers()).some((u) => u.roles.includes('admin') || u.id === 'admin')) return null;
  const password = fromEnv || randomBytes(12).toString('base64url');
  await store.putUser({ id: 'admin', passwordHash: await hashPassword(password), roles: ['admin'], expression: null, createdAt: Date.now() });
  return fromEnv ? null : password;
}

export interface AuthUser {
  id: string;
  roles: string[];
  /** Expression AND-ed into every search of this user (issue 5 manages it). */
  expression: string | null;
}

/**
 * HTTP Basic credentials checked against the users table. A verified credential is remembered
 * for a minute (keyed by a hash of it) so that a page of API calls does not pay scrypt each time;
 * failed attempts per user are limited to 10 a minute.
 */
export class Authenticator {
  private readonly ok = new Map<string, { user: AuthUser; until: number }>();
  private readonly failures = new Map<string, { n: number; since: number }>();

  constructor(private readonly store: ViewerStore) {}

  async check(header: string | undefined): Promise<AuthUser | 'rate-limited' | null> {
    const m = /^Basic ([A-Za-z0-9+/=]+)$/.exec(header ?? '');
    if (!m) return null;
    const text = Buffer.from(m[1], 'base64').toString('utf8');
    const colon = text.indexOf(':');
    if (colon < 0) return null;
    return this.verify(text.slice(0, colon), text.slice(colon + 1));
  }

  /** A user's password checked (the login form and Basic credentials both come here). */
  async verify(id: string, password: string): Promise<AuthUser | 'rate-limited' | null> {
    const now = Date.now();
    const key = createHash('sha256').update(`${id}\0${password}`).digest('base64');
    // A locked user stays locked, even with credentials that worked before the lock.
    const f = this.failures.get(id);
    if (f && now - f.since < 60_000 && f.n >= 10) return 'rate-limited';
    const cached = this.ok.get(key);
    if (cached && cached.until > now) return cached.user;
    const row: UserRow | null = await this.store.getUser(id);
    if (!row || !(await verifyPassword(password, row.passwordHash))) {
      const fresh = !f || now - f.since >= 60_000;
      this.failures.set(id, { n: fresh ? 1 : f.n + 1, since: fresh ? now : f.since });
      return null;
    }
    const user: AuthUser = { id: row.id, roles: row.roles, expression: row.expression };
    this.ok.set(key, { user, until: now + 60_000 });
    return user;
  }
}

/** Whether the user's roles allow a route's needs: searches (all roles), packets and exports (analyst, admin), administration. */
export function allowed(user: AuthUser, need: 'search' | 'packets' | 'admin'): boolean {
  if (user.roles.includes('admin')) return true;
  if (need === 'admin') return false;
  if (need === 'packets') return user.roles.includes('analyst');
  return user.roles.includes('analyst') || user.roles.includes('viewer');
}

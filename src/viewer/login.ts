// Browser logins: a random session token in an HttpOnly, SameSite=Strict cookie (Secure under
// TLS), with its own CSRF token that state-changing requests must echo in a header. Sessions live
// in memory: a restart logs everyone out, which is the safe direction.
import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AuthUser } from './auth.js';

export const COOKIE = 'weir_session';
export const CSRF_HEADER = 'x-weir-csrf';
const IDLE_MS = 8 * 3600e3;

interface LoginSession {
  user: AuthUser;
  csrf: string;
  lastSeen: number;
}

export class LoginSessions {
  private readonly sessions = new Map<string, LoginSession>();

  constructor(private readonly secure: boolean) {}

  create(res: ServerResponse, user: AuthUser): LoginSession {
    const token = randomBytes(32).toString('base64url');
    const s = { user, csrf: randomBytes(24).toString('base64url'), lastSeen: Date.now() };
    this.sessions.set(token, s);
    res.setHeader('set-cookie', `${COOKIE}=${token}; Path=/; HttpOnly; SameSite=Strict${this.secure ? '; Secure' : ''}; Max-Age=${IDLE_MS / 1000}`);
    return s;
  }

  /** The login session a request's cookie names, if it is live. */
  find(req: IncomingMessage): LoginSession | null {
    const token = cookieValue(req.headers.cookie, COOKIE);
    if (!token) return null;
    const s = this.sessions.get(token);
    if (!s) return null;
    const now = Date.now();
    if (now - s.lastSeen > IDLE_MS) {
      this.sessions.delete(token);
      return null;
    }
    s.lastSeen = now;
    return s;
  }

  end(req: IncomingMessage, res: ServerResponse): void {
    const token = cookieValue(req.headers.cookie, COOKIE);
    if (token) this.sessions.delete(token);
    res.setHeader('set-cookie', `${COOKIE}=; Path=/; HttpOnly; SameSite=Strict${this.secure ? '; Secure' : ''}; Max-Age=0`);
  }
}

export function csrfMatches(req: IncomingMessage, s: { csrf: string }): boolean {
  const got = Buffer.from(String(req.headers[CSRF_HEADER] ?? ''));
  const want = Buffer.from(s.csrf);
  return got.length === want.length && timingSafeEqual(got, want);
}

function cookieValue(header: string | undefined, name: string): string | null {
  for (const part of (header ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return null;
}

// The typed API client. Response shapes come from the server's own types (src/store/search.ts),
// so the UI and the API cannot disagree silently.
import type { PageResult, Connections, Shortcut } from '../../src/store/search.js';

export type { PageResult, Connections, Shortcut };
export type Doc = Record<string, unknown> & { id: string; node: string };
export interface FieldInfo { exp: string; type: string; group: string; help: string; multi: boolean; aliases: string[] }
export interface CurrentUser { id: string; roles: string[]; expression: string | null; csrf: string | null }

let csrf = '';

export class ApiError extends Error {
  constructor(readonly status: number, message: string, readonly position?: number) {
    super(message);
  }
}

async function handle<T>(r: Response): Promise<T> {
  if (r.status === 401 && !location.pathname.startsWith('/login')) {
    location.assign(`/login?next=${encodeURIComponent(location.pathname + location.search)}`);
  }
  const type = r.headers.get('content-type') ?? '';
  const body = type.includes('json') ? await r.json() : await r.text();
  if (!r.ok) throw new ApiError(r.status, typeof body === 'string' ? body : body.text, body?.position);
  return body as T;
}

export function query(params: Record<string, unknown>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== '') q.set(k, String(v));
  return q.toString();
}

export async function get<T>(path: string, params: Record<string, unknown> = {}): Promise<T> {
  const qs = query(params);
  return handle<T>(await fetch(`${path}${qs ? `?${qs}` : ''}`, { credentials: 'same-origin' }));
}

export async function send<T>(method: string, path: string, body: unknown): Promise<T> {
  return handle<T>(await fetch(path, { method, credentials: 'same-origin', headers: { 'content-type': 'application/json', 'x-weir-csrf': csrf }, body: JSON.stringify(body) }));
}

export async function login(user: string, password: string): Promise<CurrentUser> {
  const r = await fetch('/api/login', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ user, password }) });
  const body = await r.json();
  if (!r.ok) throw new ApiError(r.status, body.text);
  csrf = body.csrf;
  return { ...body, expression: null };
}

let me: CurrentUser | null = null;

export async function currentUser(): Promise<CurrentUser | null> {
  if (me) return me;
  const r = await fetch('/api/user/current', { credentials: 'same-origin' });
  if (!r.ok) return null;
  me = await r.json();
  csrf = me!.csrf ?? '';
  return me;
}

export async function logout(): Promise<void> {
  await send('POST', '/api/logout', {});
  me = null;
}

export function canSeePackets(u: CurrentUser | null): boolean {
  return Boolean(u && (u.roles.includes('admin') || u.roles.includes('analyst')));
}

export async function upload(file: File, onProgress: (fraction: number) => void): Promise<{ sessions: number; packets: number; text: string }> {
  return new Promise((resolve, reject) => {
    const x = new XMLHttpRequest();
    x.open('POST', `/api/upload?name=${encodeURIComponent(file.name)}`);
    x.setRequestHeader('content-type', 'application/octet-stream');
    x.setRequestHeader('x-weir-csrf', csrf);
    x.upload.onprogress = (e) => e.lengthComputable && onProgress(e.loaded / e.total);
    x.onload = () => {
      const body = JSON.parse(x.responseText || '{}');
      if (x.status === 200) resolve(body);
      else reject(new ApiError(x.status, body.text ?? x.statusText));
    };
    x.onerror = () => reject(new ApiError(0, 'network error'));
    x.send(file);
  });
}

let fieldsCache: Promise<FieldInfo[]> | null = null;
export function fields(): Promise<FieldInfo[]> {
  return (fieldsCache ??= get<FieldInfo[]>('/api/fields'));
}

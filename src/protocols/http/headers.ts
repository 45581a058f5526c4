// Fields from a message's headers beyond the request line: header names and values (all of them,
// as Arkime's parseHTTPHeader*All), cookies, authorization, query keys and values.
import { isIP } from 'node:net';
import type { FieldSink } from '../types.js';
import { HTTP } from './fields.js';
import { USER } from '../ntlm/fields.js';
import { parseNtlmBase64 } from '../ntlm/ntlmssp.js';

/** Request headers with a field of their own (Arkime's defaults plus its test config's extras). */
const OWN_REQUEST = new Set(['host', 'user-agent', 'referer', 'authorization', 'x-forwarded-for']);
const OWN_RESPONSE = new Set(['location']);

/** Header names are always recorded; names and values of the rest only with `all` (Arkime's parseHTTPHeaderRequestAll). */
export function requestHeaders(headers: [string, string][], out: FieldSink, all: boolean): void {
  for (const [name, value] of headers) {
    out.add(HTTP.headerSrc, name);
    if (all && !OWN_REQUEST.has(name)) {
      out.add(HTTP.headerFieldSrc, name);
      out.add(HTTP.headerValueSrc, value.toLowerCase());
    }
    if (name === 'cookie') cookies(value, out);
    else if (name === 'authorization' || name === 'proxy-authorization') authorization(value, out);
    else if (name === 'x-forwarded-for') for (const ip of value.split(',')) if (isIP(ip.trim())) out.add(HTTP.xff, ip.trim());
  }
}

export function responseHeaders(headers: [string, string][], out: FieldSink, all: boolean): void {
  for (const [name, value] of headers) {
    out.add(HTTP.headerDst, name);
    if (all && !OWN_RESPONSE.has(name)) {
      out.add(HTTP.headerFieldDst, name);
      out.add(HTTP.headerValueDst, value.toLowerCase());
    }
    if (name === 'www-authenticate' || name === 'proxy-authenticate') ntlm(value, out);
  }
}

function cookies(value: string, out: FieldSink): void {
  for (const part of value.split(';')) {
    const eq = part.indexOf('=');
    const key = (eq < 0 ? part : part.slice(0, eq)).trim();
    if (!key) continue;
    out.add(HTTP.cookieKey, key);
    const v = eq < 0 ? '' : part.slice(eq + 1).trim();
    if (v) out.add(HTTP.cookieValue, v);
  }
}

function ntlm(value: string, out: FieldSink): void {
  if (/^(NTLM|Negotiate) /i.test(value)) parseNtlmBase64(value.slice(value.indexOf(' ') + 1), out);
}

function authorization(value: string, out: FieldSink): void {
  const sp = value.indexOf(' ');
  const scheme = (sp < 0 ? value : value.slice(0, sp)).toLowerCase();
  if (scheme) out.add(HTTP.authType, scheme);
  if (scheme === 'basic') {
    const decoded = Buffer.from(value.slice(sp + 1).trim(), 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    const user = colon < 0 ? decoded : decoded.slice(0, colon);
    if (user) {
      out.add(HTTP.user, user);
      out.add(USER, user.toLowerCase());
    }
  } else if (scheme === 'digest') {
    const m = /username="([^"]*)"/i.exec(value);
    if (m?.[1]) {
      out.add(HTTP.user, m[1]);
      out.add(USER, m[1].toLowerCase());
    }
  } else ntlm(value, out);
}

/** Query-string keys and values of a request target. */
/** Host, URI (host + path), path, query keys and values, user agent: shared by HTTP/1.x and HTTP/2. */
export function requestTarget(host: string, path: string, userAgent: string | undefined, out: FieldSink): void {
  if (userAgent !== undefined) out.add(HTTP.userAgent, userAgent);
  if (host) {
    out.add(HTTP.host, host);
    // As Arkime, a host with a port is also searchable without it.
    const colon = host.lastIndexOf(':');
    if (colon > 0 && !host.endsWith(']') && /^\d+$/.test(host.slice(colon + 1))) out.add(HTTP.host, host.slice(0, colon));
  }
  out.add(HTTP.uri, host + path);
  const q = path.indexOf('?');
  out.add(HTTP.path, q >= 0 ? path.slice(0, q) : path);
  queryFields(path, out);
}

export function queryFields(path: string, out: FieldSink): void {
  const q = path.indexOf('?');
  if (q < 0) return;
  for (const pair of path.slice(q + 1).split('&')) {
    if (!pair) continue;
    const eq = pair.indexOf('=');
    out.add(HTTP.key, unescape(eq < 0 ? pair : pair.slice(0, eq)));
    if (eq >= 0) out.add(HTTP.value, unescape(pair.slice(eq + 1)));
  }
}

function unescape(s: string): string {
  try {
    return decodeURIComponent(s.replace(/\+/g, ' '));
  } catch {
    return s;
  }
}

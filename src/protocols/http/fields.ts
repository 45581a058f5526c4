// HTTP/1.x fields, with Arkime's expression names.
import { defineField } from '../../fields/define.js';

const g = 'http';
export const HTTP = {
  host: defineField('host.http', 'http_host', 'lotermfield', true, g, 'HTTP Host header values (and TLS SNI, as Arkime)'),
  uri: defineField('http.uri', 'http_uri', 'termfield', true, g, 'Request URIs as host + path'),
  path: defineField('http.uri.path', 'http_path', 'termfield', true, g, 'Path part of request URIs'),
  method: defineField('http.method', 'http_method', 'termfield', true, g, 'Request methods'),
  status: defineField('http.statuscode', 'http_statuscode', 'integer', true, g, 'Response status codes'),
  userAgent: defineField('http.user-agent', 'http_useragent', 'termfield', true, g, 'User-Agent header values'),
  versionSrc: defineField('http.version.src', 'http_client_version', 'termfield', true, g, 'Request HTTP versions'),
  versionDst: defineField('http.version.dst', 'http_server_version', 'termfield', true, g, 'Response HTTP versions'),
  headerSrc: defineField('http.hasheader.src', 'http_request_header', 'lotermfield', true, g, 'Request header names present'),
  headerDst: defineField('http.hasheader.dst', 'http_response_header', 'lotermfield', true, g, 'Response header names present'),
  headerFieldSrc: defineField('http.header.request.field', 'http_request_header_field', 'lotermfield', true, g, 'Request header names without a field of their own'),
  headerValueSrc: defineField('http.hasheader.src.value', 'http_request_header_value', 'lotermfield', true, g, 'Values of request headers without a field of their own'),
  headerFieldDst: defineField('http.header.response.field', 'http_response_header_field', 'lotermfield', true, g, 'Response header names without a field of their own'),
  headerValueDst: defineField('http.hasheader.dst.value', 'http_response_header_value', 'lotermfield', true, g, 'Values of response headers without a field of their own'),
  cookieKey: defineField('http.cookie.key', 'http_cookie_key', 'termfield', true, g, 'Cookie names sent by clients'),
  cookieValue: defineField('http.cookie.value', 'http_cookie_value', 'termfield', true, g, 'Cookie values sent by clients'),
  authType: defineField('http.authtype', 'http_authtype', 'lotermfield', true, g, 'Authorization schemes (basic, digest, ntlm, negotiate, bearer)'),
  user: defineField('http.user', 'http_user', 'termfield', true, g, 'User names from Basic and Digest authorization'),
  key: defineField('http.uri.key', 'http_uri_key', 'termfield', true, g, 'Query-string keys'),
  value: defineField('http.uri.value', 'http_uri_value', 'termfield', true, g, 'Query-string values'),
  md5: defineField('http.md5', 'http_md5', 'lotermfield', true, g, 'MD5 of message bodies (de-chunked, not decompressed)'),
  sha256: defineField('http.sha256', 'http_sha256', 'lotermfield', true, g, 'SHA-256 of message bodies (de-chunked, not decompressed)'),
  bodyMagic: defineField('http.bodymagic', 'http_body_magic', 'termfield', true, g, 'Content types of bodies, from their first bytes'),
  reqBody: defineField('http.reqbody', 'http_request_body', 'termfield', true, g, 'First 2000 bytes of request bodies'),
  xff: defineField('ip.xff', 'http_xff_ip', 'ip', true, g, 'Addresses in X-Forwarded-For headers'),
};

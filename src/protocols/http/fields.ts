// HTTP/1.x fields, with Arkime's expression names.
import { defineField } from '../../fields/registry.js';

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
};

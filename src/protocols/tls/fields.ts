// TLS fields, with Arkime's expression names. The SNI also goes to host.http, as Arkime does.
import { defineField } from '../../fields/registry.js';

const g = 'tls';
export const TLS = {
  version: defineField('tls.version', 'tls_version', 'termfield', true, g, 'Negotiated TLS versions (TLSv1.2, TLSv1.3...)'),
  cipher: defineField('tls.cipher.id', 'tls_cipher_id', 'integer', true, g, 'Cipher suite numbers chosen by the server'),
  ja3: defineField('tls.ja3', 'tls_ja3', 'lotermfield', true, g, 'JA3 fingerprints of ClientHellos'),
  ja3string: defineField('tls.ja3string', 'tls_ja3string', 'lotermfield', true, g, 'JA3 strings of ClientHellos'),
  ja3s: defineField('tls.ja3s', 'tls_ja3s', 'lotermfield', true, g, 'JA3S fingerprints of ServerHellos'),
  ja3sstring: defineField('tls.ja3sstring', 'tls_ja3sstring', 'lotermfield', true, g, 'JA3S strings of ServerHellos'),
  sni: defineField('tls.sni', 'tls_sni', 'lotermfield', true, g, 'Server names requested in ClientHellos (also in host.http)'),
};

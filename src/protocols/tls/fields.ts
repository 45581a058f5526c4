// TLS fields, with Arkime's expression names. The SNI also goes to host.http, as Arkime does.
import { defineField } from '../../fields/define.js';

const g = 'tls';
export const TLS = {
  version: defineField('tls.version', 'tls_version', 'termfield', true, g, 'Negotiated TLS versions (TLSv1.2, TLSv1.3...)'),
  cipher: defineField('tls.cipher', 'tls_cipher', 'uptermfield', true, g, 'Cipher suites chosen by servers (IANA names)'),
  cipherId: defineField('tls.cipher.id', 'tls_cipher_id', 'integer', true, g, 'Cipher suite numbers chosen by servers'),
  ja4: defineField('tls.ja4', 'tls_ja4', 'lotermfield', true, g, 'JA4 fingerprints of ClientHellos'),
  ja4r: defineField('tls.ja4_r', 'tls_ja4_r', 'lotermfield', true, g, 'JA4 raw (unhashed) strings of ClientHellos'),
  sessionIdSrc: defineField('tls.sessionid.src', 'tls_session_id_src', 'lotermfield', true, g, 'Session ids offered by clients (hex)'),
  sessionIdDst: defineField('tls.sessionid.dst', 'tls_session_id_dst', 'lotermfield', true, g, 'Session ids chosen by servers (hex)'),
  alpn: defineField('tls.alpn', 'tls_alpn', 'termfield', true, g, 'ALPN protocols offered by clients'),
  ja3: defineField('tls.ja3', 'tls_ja3', 'lotermfield', true, g, 'JA3 fingerprints of ClientHellos'),
  ja3string: defineField('tls.ja3string', 'tls_ja3string', 'lotermfield', true, g, 'JA3 strings of ClientHellos'),
  ja3s: defineField('tls.ja3s', 'tls_ja3s', 'lotermfield', true, g, 'JA3S fingerprints of ServerHellos'),
  ja3sstring: defineField('tls.ja3sstring', 'tls_ja3sstring', 'lotermfield', true, g, 'JA3S strings of ServerHellos'),
  sni: defineField('tls.sni', 'tls_sni', 'lotermfield', true, g, 'Server names requested in ClientHellos (also in host.http)'),
};

const c = 'cert';
export const CERT = {
  hash: defineField('cert.hash', 'cert_hash', 'lotermfield', true, c, 'SHA-1 fingerprints of certificates (colon-separated hex)'),
  serial: defineField('cert.serial', 'cert_serial', 'lotermfield', true, c, 'Certificate serial numbers (hex)'),
  issuerCN: defineField('cert.issuer.cn', 'cert_issuer_cn', 'lotermfield', true, c, 'Issuer common names'),
  issuerON: defineField('cert.issuer.on', 'cert_issuer_on', 'termfield', true, c, 'Issuer organisation names'),
  issuerOU: defineField('cert.issuer.ou', 'cert_issuer_ou', 'termfield', true, c, 'Issuer organisational units'),
  subjectCN: defineField('cert.subject.cn', 'cert_subject_cn', 'lotermfield', true, c, 'Subject common names'),
  subjectON: defineField('cert.subject.on', 'cert_subject_on', 'termfield', true, c, 'Subject organisation names'),
  subjectOU: defineField('cert.subject.ou', 'cert_subject_ou', 'termfield', true, c, 'Subject organisational units'),
  notBefore: defineField('cert.notbefore', 'cert_not_before', 'date', true, c, 'Start of validity (ms since the epoch)'),
  notAfter: defineField('cert.notafter', 'cert_not_after', 'date', true, c, 'End of validity (ms since the epoch)'),
  validDays: defineField('cert.validfor', 'cert_valid_days', 'integer', true, c, 'Validity period in days'),
  validSeconds: defineField('cert.validforSeconds', 'cert_valid_seconds', 'integer', true, c, 'Validity period in seconds'),
  remainingDays: defineField('cert.remainingDays', 'cert_remaining_days', 'integer', true, c, 'Days of validity left at the session start'),
  remainingSeconds: defineField('cert.remainingSeconds', 'cert_remaining_seconds', 'integer', true, c, 'Seconds of validity left at the session start'),
  publicAlgorithm: defineField('cert.publicAlgorithm', 'cert_public_algorithm', 'termfield', true, c, 'Public key algorithms (rsaEncryption, id-ecPublicKey...)'),
  curve: defineField('cert.curve', 'cert_curve', 'termfield', true, c, 'Elliptic curves of EC public keys'),
  alt: defineField('cert.alt', 'cert_alt', 'lotermfield', true, c, 'Subject alternative DNS names'),
};

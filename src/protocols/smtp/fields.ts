// Email fields (SMTP, and later POP3/IMAP), with Arkime's expression names.
import { defineField } from '../../fields/define.js';

const g = 'email';
export const EMAIL = {
  hello: defineField('email.smtp-hello', 'email_smtp_hello', 'lotermfield', true, g, 'HELO/EHLO names given by SMTP clients'),
  src: defineField('email.src', 'email_src', 'lotermfield', true, g, 'Envelope senders (MAIL FROM)'),
  dst: defineField('email.dst', 'email_dst', 'lotermfield', true, g, 'Envelope recipients (RCPT TO)'),
  subject: defineField('email.subject', 'email_subject', 'termfield', true, g, 'Subject headers'),
  id: defineField('email.message-id', 'email_message_id', 'termfield', true, g, 'Message-ID headers (without angle brackets)'),
  userAgent: defineField('email.x-mailer', 'email_x_mailer', 'termfield', true, g, 'X-Mailer and User-Agent headers'),
  header: defineField('email.has-header', 'email_header', 'lotermfield', true, g, 'Names of the message headers present'),
  headerName: defineField('email.has-header.name', 'email_header_name', 'termfield', true, g, 'Names of headers with no dedicated field'),
  headerValue: defineField('email.has-header.value', 'email_header_value', 'termfield', true, g, 'Values of headers with no dedicated field'),
  contentType: defineField('email.content-type', 'email_content_type', 'termfield', true, g, 'Content-Type of messages'),
  mimeVersion: defineField('email.mime-version', 'email_mime_version', 'termfield', true, g, 'MIME-Version headers'),
  filename: defineField('email.fn', 'email_filename', 'termfield', true, g, 'Attachment file names'),
  bodyMagic: defineField('email.bodymagic', 'email_body_magic', 'termfield', true, g, 'Content types of attachments, from their first bytes'),
  md5: defineField('email.md5', 'email_md5', 'termfield', true, g, 'MD5 of decoded attachments'),
  sha256: defineField('email.sha256', 'email_sha256', 'termfield', true, g, 'SHA-256 of decoded attachments'),
  host: defineField('host.email', 'email_host', 'lotermfield', true, g, 'Hosts named in Received headers'),
  ip: defineField('ip.email', 'email_ip', 'ip', true, g, 'Addresses in Received and X-Originating-IP headers'),
};

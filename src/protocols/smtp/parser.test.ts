// SMTP on raw bytes: envelope, headers (encoded words, folding), a base64 attachment, STARTTLS.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { parseChunks } from '../testing.js';
import { SmtpParser } from './parser.js';

const c = (s: string): [number, Buffer] => [0, Buffer.from(s, 'latin1')];
const s = (x: string): [number, Buffer] => [1, Buffer.from(x, 'latin1')];

test('envelope, headers and a MIME attachment, split across chunks', () => {
  const body = Buffer.from('hello attachment');
  const msg = [
    'From: Alice <Alice@Example.org>', 'To: bob@example.net', 'Subject: =?UTF-8?Q?caf=C3=A9?= time',
    'Message-ID: <abc@mx>', 'X-Mailer: Test 1.0', 'Received: from relay.example.org (relay [10.000.0.7])', '\tby mx.example.net; Mon, 1 Jan 2024',
    'X-Custom: yes', 'MIME-Version: 1.0', 'Content-Type: multipart/mixed; boundary="b1"', '', '--b1', 'Content-Type: text/plain', '', 'hi',
    '--b1', 'Content-Type: application/octet-stream; name="a.bin"', 'Content-Transfer-Encoding: base64', '', body.toString('base64'), '--b1--', '.', '',
  ].join('\r\n');
  const f = parseChunks(new SmtpParser(), [s('220 mx ESMTP\r\n'), c('EHLO Client.Example\r\nMAIL FROM:<Alice@Example.org> SIZE=10\r\n'), c('RCPT TO:<bob@example.net>\r\nDATA\r\n'), c(msg.slice(0, 100)), c(msg.slice(100))]);
  assert.deepEqual(f['email.smtp-hello'], ['client.example']);
  assert.deepEqual(f['email.src'], ['alice@example.org']);
  assert.deepEqual(f['email.dst'], ['bob@example.net']);
  assert.deepEqual(f['email.subject'], ['café time']);
  assert.deepEqual(f['email.message-id'], ['abc@mx']);
  assert.deepEqual(f['email.x-mailer'], ['Test 1.0']);
  assert.deepEqual(f['host.email'], ['relay.example.org', 'mx.example.net']);
  assert.deepEqual(f['ip.email'], ['10.0.0.7']);
  assert.deepEqual(f['email.has-header.name'], ['x-custom']);
  assert.deepEqual(f['email.fn'], ['a.bin']);
  assert.deepEqual(f['email.md5'], [createHash('md5').update(body).digest('hex')]);
});

test('STARTTLS accepted: the stream is handed off for classification', () => {
  const f = parseChunks(new SmtpParser(), [c('EHLO x\r\n'), c('STARTTLS\r\n'), s('220 2.0.0 Ready\r\n')]);
  assert.deepEqual(f.handoff, [1]);
});

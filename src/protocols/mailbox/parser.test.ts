import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseChunks } from '../testing.js';
import { hash } from 'node:crypto';
import { ImapParser, Pop3Parser } from './parser.js';

const md5 = (s: string) => hash('md5', s, 'hex');

const message = [
  'Received: from mx.example.net ([192.0.2.7]) by mail.example.org',
  'From: Alice <alice@example.net>',
  'To: bob@example.org',
  'Subject: =?utf-8?B?UmVwb3J0IOKckw==?=',
  'Message-ID: <abc.123@example.net>',
  'X-Mailer: Weir Test Mailer',
  'Content-Type: multipart/mixed; boundary="XX"',
  '',
  '--XX',
  'Content-Type: text/plain',
  '',
  '..leading dot, stuffed on the wire',
  '--XX',
  'Content-Type: application/octet-stream; name="a.bin"',
  'Content-Transfer-Encoding: base64',
  'Content-Disposition: attachment; filename="a.bin"',
  '',
  Buffer.from('hello attachment').toString('base64'),
  '--XX--',
];

test('POP3: a RETR response is parsed as a message after SASL AUTH and a LIST listing', () => {
  const crlf = (lines: string[]) => Buffer.from(lines.map((l) => `${l}\r\n`).join(''));
  const retr = crlf(['+OK 320 octets', ...message, '.']);
  // Turn by turn as on the wire; the message arrives in two segments split mid-line.
  const out = parseChunks(new Pop3Parser(), [
    [1, crlf(['+OK POP3 ready'])],
    [0, crlf(['AUTH PLAIN'])],
    [1, crlf(['+ '])],
    [0, crlf(['AGJvYgBzZWNyZXQ='])],
    [1, crlf(['+OK logged in'])],
    [0, crlf(['LIST'])],
    [1, crlf(['+OK 1 messages', '1 320', '.'])],
    [0, crlf(['RETR 1'])],
    [1, retr.subarray(0, 200)],
    [1, retr.subarray(200)],
    [0, crlf(['QUIT'])],
    [1, crlf(['+OK bye'])],
  ]);
  assert.deepEqual(out['email.subject'], ['Report ✓']);
  assert.deepEqual(out['email.src'], ['alice@example.net']);
  assert.deepEqual(out['email.dst'], ['bob@example.org']);
  assert.deepEqual(out['email.message-id'], ['abc.123@example.net']);
  assert.deepEqual(out['email.x-mailer'], ['Weir Test Mailer']);
  assert.deepEqual(out['email.fn'], ['a.bin']);
  assert.deepEqual(out['email.md5'], [md5('hello attachment')]);
});

test('IMAP: FETCH BODY[] literals and APPEND uploads are parsed; BODY[TEXT] is not taken for headers', () => {
  const body = message.map((l) => `${l}\r\n`).join('').replace('..leading', '.leading');
  const size = Buffer.byteLength(body);
  const server = Buffer.from(`* OK IMAP4rev1 ready\r\na1 OK LOGIN completed\r\n* 1 FETCH (BODY[TEXT] {12}\r\nSubject: no\r\n)\r\n* 2 FETCH (UID 9 BODY[] {${size}}\r\n${body})\r\na2 OK FETCH completed\r\n`);
  const upload = 'From: carol@example.com\r\nSubject: draft\r\n\r\nhi\r\n';
  const client = Buffer.from(`a1 LOGIN bob secret\r\na2 FETCH 1:2 (BODY[TEXT] BODY[])\r\na3 APPEND Drafts (\\Draft) {${Buffer.byteLength(upload)}+}\r\n${upload}\r\n`);
  const out = parseChunks(new ImapParser(), [[0, client], [1, server]]);
  assert.deepEqual(out['email.subject']?.sort(), ['Report ✓', 'draft']);
  assert.deepEqual(out['email.src']?.sort(), ['alice@example.net', 'carol@example.com']);
  assert.deepEqual(out['email.fn'], ['a.bin']);
  assert.deepEqual(out['email.md5'], [md5('hello attachment')]);
});

test('POP3: a listing whose final dot is missing does not swallow the next response', () => {
  const crlf = (lines: string[]) => Buffer.from(lines.map((l) => `${l}\r\n`).join(''));
  const out = parseChunks(new Pop3Parser(), [
    [1, crlf(['+OK ready'])],
    [0, crlf(['LIST'])],
    [1, crlf(['+OK 1 messages', '1 120'])],
    [0, crlf(['RETR 1'])],
    [1, crlf(['+OK message follows', 'Subject: after a broken listing', '', 'body', '.'])],
  ]);
  assert.deepEqual(out['email.subject'], ['after a broken listing']);
});

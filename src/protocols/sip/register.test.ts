// SIP and RDP on raw bytes built here.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseChunks } from '../testing.js';
import { sip } from './register.js';
import { rdp } from '../rdp/register.js';

test('SIP INVITE and its response: method, status, dialog headers, users (compact forms too)', () => {
  const invite = Buffer.from('INVITE sip:bob@example.net SIP/2.0\r\nVia: SIP/2.0/UDP 10.0.0.1:5060\r\nf: "Alice" <sip:alice@example.org>;tag=1\r\nTo: <sip:bob@example.net>\r\ni: abc@10.0.0.1\r\nContact: <sip:alice@10.0.0.1>\r\nUser-Agent: Phone 1.0\r\n\r\n');
  assert.ok(sip.signature!(invite, 0, invite.length));
  const f = parseChunks(sip.create(), [[0, invite], [1, Buffer.from('SIP/2.0 180 Ringing\r\nCall-ID: abc@10.0.0.1\r\n\r\n')]]);
  assert.deepEqual(f['sip.method'], ['INVITE']);
  assert.deepEqual(f['sip.statuscode'], [180]);
  assert.deepEqual(f['sip.user'], ['alice', 'bob']);
  assert.deepEqual(f['sip.callid'], ['abc@10.0.0.1']);
  assert.deepEqual(f['sip.user-agent'], ['Phone 1.0']);
  assert.equal(f['sip.via']?.length, 1);
});

test('RDP connection request cookie and negotiation; TLS selected hands the stream off', () => {
  const cookie = Buffer.from('Cookie: mstshash=Administr\r\n', 'latin1');
  const neg = Buffer.from([1, 0, 8, 0, 3, 0, 0, 0]);
  const cr = Buffer.concat([Buffer.from([3, 0, 0, 0, 0, 0xe0, 0, 0, 0, 0, 0]), cookie, neg]);
  cr.writeUInt16BE(cr.length, 2);
  cr[4] = cr.length - 5;
  assert.ok(rdp.signature!(cr, 0, cr.length));
  const cc = Buffer.from([3, 0, 0, 19, 14, 0xd0, 0, 0, 0x12, 0x34, 0, 2, 0, 8, 0, 1, 0, 0, 0]);
  const f = parseChunks(rdp.create(), [[0, cr], [1, cc]]);
  assert.deepEqual(f['rdp.cookie'], ['Administr']);
  assert.deepEqual(f['rdp.requested-protocols'], ['tls', 'hybrid']);
  assert.deepEqual(f['rdp.selected-protocol'], ['tls']);
  assert.deepEqual(f.user, ['administr']);
  assert.deepEqual(f.handoff, [1]);
});

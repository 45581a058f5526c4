// NTLMSSP messages built byte by byte (MS-NLMP layouts): negotiate, challenge, authenticate.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { collectingSink } from '../testing.js';
import { parseNtlmBase64, parseNtlmssp, findNtlmssp } from './ntlmssp.js';

function message(type: number, fixed: number, fields: [number, Buffer][], flags: number, flagsAt: number, versionAt: number): Buffer {
  const m = Buffer.alloc(fixed + fields.reduce((n, [, v]) => n + v.length, 0));
  m.write('NTLMSSP\0', 0, 'latin1');
  m.writeUInt32LE(type, 8);
  m.writeUInt32LE(flags, flagsAt);
  let data = fixed;
  for (const [at, v] of fields) {
    m.writeUInt16LE(v.length, at);
    m.writeUInt16LE(v.length, at + 2);
    m.writeUInt32LE(data, at + 4);
    v.copy(m, data);
    data += v.length;
  }
  Buffer.from([10, 0, 0x61, 0x4a]).copy(m, versionAt); // 10.0.19041
  return m;
}

test('authenticate message: domain, user, workstation (UTF-16), version', () => {
  const u = (s: string) => Buffer.from(s, 'utf16le');
  const m = message(3, 72, [[28, u('CORP')], [36, u('Alice')], [44, u('WS01')]], 0x02000001, 60, 64);
  const sink = collectingSink();
  assert.ok(parseNtlmssp(m, sink));
  assert.deepEqual(sink.out['ntlm.domain'], ['CORP']);
  assert.deepEqual(sink.out.user, ['alice']);
  assert.deepEqual(sink.out['ntlm.host'], ['WS01']);
  assert.deepEqual(sink.out['ntlm.version'], ['10.0.19041']);
  assert.deepEqual(sink.out.protocols, ['ntlm']);
});

test('challenge in base64 (HTTP/SASL) and negotiate found inside a binary carrier', () => {
  const chal = message(2, 56, [[12, Buffer.from('TGT', 'latin1')]], 0x02000000, 20, 48);
  const sink = collectingSink();
  assert.ok(parseNtlmBase64(chal.toString('base64'), sink));
  assert.deepEqual(sink.out['ntlm.targetName'], ['TGT']);
  const neg = message(1, 40, [], 0x02000000, 12, 32);
  const carrier = Buffer.concat([Buffer.from('junk before'), neg]);
  findNtlmssp(carrier, 0, carrier.length, sink);
  assert.deepEqual(sink.out['ntlm.type'], [2, 1]);
  assert.equal(parseNtlmssp(Buffer.from('NTLMSSP\0\x09\0\0\0'), sink), false);
});

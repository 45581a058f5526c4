// SNMP messages encoded here in BER: a v2c GetResponse with an error and a v3 header.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { collectingSink } from '../testing.js';
import { parseSnmp, snmp } from './register.js';

const tlv = (tag: number, ...parts: Buffer[]) => {
  const body = Buffer.concat(parts);
  return Buffer.concat([Buffer.from([tag, body.length]), body]);
};
const int = (n: number) => tlv(0x02, Buffer.from([n]));
const str = (s: string | Buffer) => tlv(0x04, typeof s === 'string' ? Buffer.from(s) : s);
const oid = tlv(0x06, Buffer.from([0x2b, 6, 1, 2, 1, 1, 3, 0]));

test('v2c GetResponse: version, community, type, error, variable', () => {
  const msg = tlv(0x30, int(1), str('public'), tlv(0xa2, int(7), int(2), int(1), tlv(0x30, tlv(0x30, oid, tlv(0x05)))));
  assert.ok(snmp.signature!(msg, 0, msg.length));
  const sink = collectingSink();
  assert.ok(parseSnmp(msg, 0, msg.length, sink));
  assert.deepEqual(sink.out['snmp.version'], [2]);
  assert.deepEqual(sink.out['snmp.community'], ['public']);
  assert.deepEqual(sink.out['snmp.type'], ['GetResponse']);
  assert.deepEqual(sink.out['snmp.error'], ['noSuchName']);
  assert.deepEqual(sink.out['snmp.variable'], ['1.3.6.1.2.1.1.3.0']);
});

test('v3: security level and engine id; truncations never throw', () => {
  const usm = tlv(0x30, str(Buffer.from('80001f88801234', 'hex')), int(0), int(0), str('u'), str(''), str(''));
  const msg = tlv(0x30, int(3), tlv(0x30, int(1), tlv(0x02, Buffer.from([0x05, 0xdc])), str(Buffer.from([3])), int(3)), str(usm), tlv(0x30));
  const sink = collectingSink();
  parseSnmp(msg, 0, msg.length, sink);
  assert.deepEqual(sink.out['snmp.secLevel'], ['authPriv']);
  assert.deepEqual(sink.out['snmp.engineId'], ['80001f88801234']);
  for (let n = 0; n < msg.length; n++) parseSnmp(msg, 0, n, collectingSink());
});

// MQTT, DNP3 and Modbus/TCP on raw bytes built here from their specifications.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseChunks } from '../testing.js';
import { mqtt } from './register.js';
import { dnp3 } from '../dnp3/register.js';
import { modbus } from '../modbus/register.js';

const s = (x: string) => Buffer.concat([Buffer.from([x.length >> 8, x.length & 0xff]), Buffer.from(x)]);
const pkt = (h: number, body: Buffer) => Buffer.concat([Buffer.from([h, body.length]), body]);

test('MQTT 3.1.1: CONNECT with will and user, PUBLISH at QoS 1, SUBSCRIBE; split across chunks', () => {
  const connect = pkt(0x10, Buffer.concat([s('MQTT'), Buffer.from([4, 0x02 | 0x04 | 0x08 | 0x80, 0, 60]), s('dev-1'), s('status/dev-1'), s('gone'), s('Admin')]));
  const publish = pkt(0x32, Buffer.concat([s('sensors/t'), Buffer.from([0, 1]), Buffer.from('21.5')]));
  const subscribe = pkt(0x82, Buffer.concat([Buffer.from([0, 2]), s('cmd/#'), Buffer.from([2])]));
  assert.ok(mqtt.signature!(connect, 0, connect.length));
  const all = Buffer.concat([connect, publish, subscribe]);
  const f = parseChunks(mqtt.create(), [[0, all.subarray(0, 7)], [0, all.subarray(7)], [1, pkt(0x20, Buffer.from([0, 5]))]]);
  assert.deepEqual(f['mqtt.type'], ['CONNECT', 'PUBLISH', 'SUBSCRIBE', 'CONNACK']);
  assert.deepEqual(f['mqtt.version'], ['3.1.1']);
  assert.deepEqual(f['mqtt.clientId'], ['dev-1']);
  assert.deepEqual(f['mqtt.flags'], ['cleanSession', 'hasWill']);
  assert.deepEqual(f['mqtt.willTopic'], ['status/dev-1']);
  assert.deepEqual(f['mqtt.topic'], ['sensors/t', 'cmd/#']);
  assert.deepEqual(f['mqtt.qos'], [1, 2]);
  assert.deepEqual(f['mqtt.connackCode'], [5]);
  assert.deepEqual(f.user, ['admin']);
});

test('DNP3: link addresses and the application function of a Read request', () => {
  // 05 64, length 11 (5 + 6 user bytes), control (PRM set), dst 10, src 3, CRC; transport, app control, function 1.
  const frame = Buffer.from([0x05, 0x64, 11, 0xc4, 10, 0, 3, 0, 0xaa, 0xbb, 0xc0, 0xc1, 0x01, 0x3c, 0x02, 0x06, 0xcc, 0xdd]);
  const f = parseChunks(dnp3.create(), [[0, frame]]);
  assert.deepEqual(f['dnp3.dst'], [10]);
  assert.deepEqual(f['dnp3.src'], [3]);
  assert.deepEqual(f['dnp3.func'], [1]);
  assert.deepEqual(f['dnp3.funcName'], ['Read']);
});

test('Modbus/TCP: MBAP fields, function code, exception response', () => {
  const req = Buffer.from([0, 7, 0, 0, 0, 6, 17, 3, 0, 0x6b, 0, 3]);
  assert.ok(modbus.signature!(req, 0, req.length));
  const f = parseChunks(modbus.create(), [[0, req], [1, Buffer.from([0, 7, 0, 0, 0, 3, 17, 0x83, 2])]]);
  assert.deepEqual(f['modbus.transactionid'], [7]);
  assert.deepEqual(f['modbus.unitid'], [17]);
  assert.deepEqual(f['modbus.funccode'], [3]);
  assert.deepEqual(f['modbus.exccode'], [2]);
});

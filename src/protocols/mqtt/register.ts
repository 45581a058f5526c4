// MQTT 3.1 / 3.1.1 / 5.0 over TCP (1883): packet types, CONNECT (version, client id, flags, will
// topic, user), PUBLISH and SUBSCRIBE topics with their QoS, CONNACK return codes.
import { defineField } from '../../fields/define.js';
import type { FieldSink, ProtocolDef, ProtocolParser } from '../types.js';
import { USER } from '../../fields/common.js';
import { own } from '../../session/retain.js';

const g = 'mqtt';
export const MQTT = {
  type: defineField('mqtt.type', 'mqtt_type', 'termfield', true, g, 'Control packet types'),
  version: defineField('mqtt.version', 'mqtt_version', 'termfield', true, g, 'Protocol versions (3.1, 3.1.1, 5.0)'),
  clientId: defineField('mqtt.clientId', 'mqtt_client_id', 'termfield', true, g, 'Client identifiers'),
  flags: defineField('mqtt.flags', 'mqtt_flags', 'termfield', true, g, 'CONNECT flags (cleanSession, hasWill, willRetain, hasPassword)'),
  qos: defineField('mqtt.qos', 'mqtt_qos', 'integer', true, g, 'QoS levels of publishes and subscriptions'),
  topic: defineField('mqtt.topic', 'mqtt_topic', 'termfield', true, g, 'Topics published to and subscribed'),
  willTopic: defineField('mqtt.willTopic', 'mqtt_will_topic', 'termfield', true, g, 'Will topics'),
  connackCode: defineField('mqtt.connackCode', 'mqtt_connack_code', 'integer', true, g, 'CONNACK return codes'),
};
const TYPES = ['', 'CONNECT', 'CONNACK', 'PUBLISH', 'PUBACK', 'PUBREC', 'PUBREL', 'PUBCOMP', 'SUBSCRIBE', 'SUBACK', 'UNSUBSCRIBE', 'UNSUBACK', 'PINGREQ', 'PINGRESP', 'DISCONNECT', 'AUTH'];
const VERSIONS: Record<number, string> = { 3: '3.1', 4: '3.1.1', 5: '5.0' };
const MAX_BUFFER = 256 * 1024;

function varint(b: Buffer, p: number, end: number): [number, number] | null {
  let v = 0;
  for (let i = 0; i < 4 && p < end; i++, p++) {
    v += (b[p] & 0x7f) * 128 ** i;
    if (!(b[p] & 0x80)) return [v, p + 1];
  }
  return null;
}
const str = (b: Buffer, p: number, end: number): [string, number] | null => (p + 2 <= end && p + 2 + b.readUInt16BE(p) <= end ? [b.toString('utf8', p + 2, p + 2 + b.readUInt16BE(p)), p + 2 + b.readUInt16BE(p)] : null);

class MqttParser implements ProtocolParser {
  private readonly pending: Buffer[] = [Buffer.alloc(0), Buffer.alloc(0)];
  private version = 4;
  private packets = 0;

  feed(dir: number, buf: Buffer, off: number, len: number, out: FieldSink): boolean {
    let b = Buffer.concat([this.pending[dir], buf.subarray(off, off + len)]);
    for (;;) {
      const rl = varint(b, 1, b.length);
      if (!rl || rl[1] + rl[0] > b.length) break;
      this.packet(b[0], b, rl[1], rl[1] + rl[0], out);
      b = b.subarray(rl[1] + rl[0]);
      if (++this.packets > 1000) return false;
    }
    if (b.length > MAX_BUFFER) return false;
    this.pending[dir] = own(b);
    return true;
  }

  private packet(h: number, b: Buffer, p: number, end: number, out: FieldSink): void {
    const type = h >> 4;
    if (!type) return;
    out.add(MQTT.type, TYPES[type]);
    if (type === 1) this.connect(b, p, end, out);
    else if (type === 2 && end - p >= 2) out.add(MQTT.connackCode, b[p + 1]);
    else if (type === 3) {
      const t = str(b, p, end);
      if (t) out.add(MQTT.topic, t[0]);
      out.add(MQTT.qos, (h >> 1) & 3);
    } else if (type === 8) {
      let q = p + 2;
      q = this.skipProperties(b, q, end);
      if (q < 0) return;
      for (let t = str(b, q, end); t && t[1] < end; t = str(b, q, end)) {
        out.add(MQTT.topic, t[0]);
        out.add(MQTT.qos, b[t[1]] & 3);
        q = t[1] + 1;
      }
    }
  }

  /** MQTT 5 inserts a length-prefixed property block; returns the offset after it, or -1. */
  private skipProperties(b: Buffer, q: number, end: number): number {
    if (this.version !== 5) return q;
    const props = varint(b, q, end);
    return props ? props[1] + props[0] : -1;
  }

  private connect(b: Buffer, p: number, end: number, out: FieldSink): void {
    const name = str(b, p, end);
    if (!name || name[1] + 4 > end) return;
    let q = name[1];
    this.version = b[q];
    out.add(MQTT.version, VERSIONS[b[q]] ?? String(b[q]));
    const flags = b[q + 1];
    q += 4;
    if (flags & 0x02) out.add(MQTT.flags, 'cleanSession');
    if (flags & 0x04) out.add(MQTT.flags, 'hasWill');
    if (flags & 0x20) out.add(MQTT.flags, 'willRetain');
    if (flags & 0x40) out.add(MQTT.flags, 'hasPassword');
    q = this.skipProperties(b, q, end);
    if (q < 0) return;
    const id = str(b, q, end);
    if (!id) return;
    if (id[0]) out.add(MQTT.clientId, id[0]);
    q = id[1];
    if (flags & 0x04) {
      q = this.skipProperties(b, q, end);
      if (q < 0) return;
      const topic = str(b, q, end);
      if (!topic) return;
      out.add(MQTT.willTopic, topic[0]);
      out.add(MQTT.qos, (flags >> 3) & 3);
      const msg = str(b, topic[1], end);
      if (!msg) return;
      q = msg[1];
    }
    if (flags & 0x80) {
      const user = str(b, q, end);
      if (user?.[0]) out.add(USER, user[0].toLowerCase());
    }
  }
}

export const mqtt: ProtocolDef = {
  name: 'mqtt',
  transport: 'tcp',
  ports: [1883],
  signature(b, o, l) {
    if (l < 10 || b[o] !== 0x10) return false;
    const rl = varint(b, o + 1, o + l);
    const name = rl && str(b, rl[1], o + l);
    return !!name && (name[0] === 'MQTT' || name[0] === 'MQIsdp');
  },
  create: () => new MqttParser(),
};

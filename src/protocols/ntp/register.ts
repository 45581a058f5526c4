// NTP over UDP 123: version, mode, stratum class and reference id of each message.
import { defineField } from '../../fields/define.js';
import type { FieldSink, ProtocolDef, ProtocolParser } from '../types.js';

const g = 'ntp';
export const NTP = {
  version: defineField('ntp.version', 'ntp_version', 'integer', true, g, 'NTP versions'),
  mode: defineField('ntp.mode', 'ntp_mode', 'termfield', true, g, 'NTP modes (client, server, broadcast...)'),
  stratum: defineField('ntp.stratum', 'ntp_stratum', 'termfield', true, g, 'Stratum classes (primary, secondary, unspecified, unsynchronized)'),
  refId: defineField('ntp.ref-id', 'ntp_ref_id', 'termfield', true, g, 'Reference ids (hex)'),
};
const MODES = ['reserved', 'symmetric-active', 'symmetric-passive', 'client', 'server', 'broadcast', 'control', 'private'];
const stratum = (s: number) => (s === 0 ? 'unspecified' : s === 1 ? 'primary' : s < 16 ? 'secondary' : 'unsynchronized');

class NtpParser implements ProtocolParser {
  private messages = 0;
  feed(_dir: number, b: Buffer, o: number, len: number, out: FieldSink): boolean {
    if (len < 48) return false;
    out.add(NTP.version, (b[o] >> 3) & 7);
    const mode = b[o] & 7;
    out.add(NTP.mode, MODES[mode]);
    if (mode !== 6 && mode !== 7) {
      out.add(NTP.stratum, stratum(b[o + 1]));
      out.add(NTP.refId, b.toString('hex', o + 12, o + 16));
    }
    return ++this.messages < 32;
  }
}

export const ntp: ProtocolDef = { name: 'ntp', transport: 'udp', ports: [123], create: () => new NtpParser() };

// OPC UA binary over TCP (4840): the Hello's endpoint URL and the OpenSecureChannel's security
// policy and sender certificate.
import { defineField } from '../../fields/define.js';
import type { FieldSink, ProtocolDef, ProtocolParser } from '../types.js';
import { anyPrefix } from '../misc/signatures.js';
import { parseCertificate } from '../tls/cert.js';

const g = 'opcua';
export const OPCUA = {
  endpointUrl: defineField('opcua.endpointUrl', 'opcua_endpoint_url', 'termfield', true, g, 'Endpoint URLs in Hello messages'),
  policy: defineField('opcua.securityPolicyUri', 'opcua_security_policy_uri', 'termfield', true, g, 'Security policies of OpenSecureChannel requests'),
};

/** An OPC UA String/ByteString at p: int32 length (-1 for null), then bytes; returns [start, end]. */
function field(b: Buffer, p: number, end: number): [number, number] | null {
  if (p + 4 > end) return null;
  const n = b.readInt32LE(p);
  if (n < 0) return [p + 4, p + 4];
  return p + 4 + n <= end ? [p + 4, p + 4 + n] : null;
}

class OpcuaParser implements ProtocolParser {
  private messages = 0;
  feed(_dir: number, b: Buffer, o: number, len: number, out: FieldSink): boolean {
    const end = o + len;
    if (len < 8) return ++this.messages < 32;
    const type = b.toString('latin1', o, o + 3);
    if (type === 'HEL' && len >= 32) {
      const url = field(b, o + 28, end);
      if (url && url[1] > url[0]) out.add(OPCUA.endpointUrl, b.toString('utf8', url[0], url[1]));
    } else if (type === 'OPN' && len >= 16) {
      const policy = field(b, o + 12, end);
      if (policy) {
        if (policy[1] > policy[0]) out.add(OPCUA.policy, b.toString('utf8', policy[0], policy[1]));
        const cert = field(b, policy[1], end);
        if (cert && cert[1] > cert[0]) parseCertificate(b.subarray(cert[0], cert[1]), out.startSec, out);
      }
    }
    return ++this.messages < 32;
  }
}

export const opcua: ProtocolDef = { name: 'opcua', transport: 'tcp', ports: [4840], signature: anyPrefix('HELF', 'ACKF'), create: () => new OpcuaParser() };

// SNMP fields, with Arkime's expression names.
import { defineField } from '../../fields/define.js';

const g = 'snmp';
export const SNMP = {
  version: defineField('snmp.version', 'snmp_version', 'integer', true, g, 'SNMP versions (1, 2 for v2c, 3)'),
  community: defineField('snmp.community', 'snmp_community', 'termfield', true, g, 'Community strings (v1, v2c)'),
  type: defineField('snmp.type', 'snmp_type', 'termfield', true, g, 'PDU types (GetRequest, GetResponse...)'),
  variable: defineField('snmp.variable', 'snmp_variable', 'termfield', true, g, 'OIDs of variable bindings'),
  error: defineField('snmp.error', 'snmp_error', 'termfield', true, g, 'Error statuses of responses (other than noError)'),
  engineId: defineField('snmp.engineId', 'snmp_engine_id', 'termfield', true, g, 'Authoritative engine ids (v3, hex)'),
  secLevel: defineField('snmp.secLevel', 'snmp_sec_level', 'termfield', true, g, 'Security levels (v3)'),
};

// DHCP and DHCPv6 fields, with Arkime's expression names.
import { defineField } from '../../fields/define.js';

const g = 'dhcp';
export const DHCP = {
  type: defineField('dhcp.type', 'dhcp_type', 'uptermfield', true, g, 'Message types (DISCOVER, OFFER, SOLICIT, REPLY...)'),
  id: defineField('dhcp.id', 'dhcp_id', 'lotermfield', true, g, 'Transaction ids (hex)'),
  host: defineField('dhcp.host', 'dhcp_host', 'lotermfield', true, g, 'Client host names (option 12, FQDN)'),
  mac: defineField('dhcp.mac', 'dhcp_mac', 'lotermfield', true, g, 'Client hardware addresses'),
  oui: defineField('dhcp.oui', 'dhcp_oui', 'termfield', true, g, 'Vendors of the client hardware addresses'),
  requestIp: defineField('dhcp.requestIp', 'dhcp_request_ip', 'ip', true, g, 'Requested addresses (option 50)'),
  classId: defineField('dhcp.classId', 'dhcp_class_id', 'termfield', true, g, 'Vendor class identifiers (option 60)'),
};

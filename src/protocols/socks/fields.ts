// SOCKS fields, with Arkime's expression names.
import { defineField } from '../../fields/define.js';

const g = 'socks';
export const SOCKS = {
  host: defineField('host.socks', 'socks_host', 'lotermfield', true, g, 'Host names requested through SOCKS 4a/5'),
  ip: defineField('ip.socks', 'socks_ip', 'ip', true, g, 'Addresses requested through SOCKS'),
  port: defineField('port.socks', 'socks_port', 'integer', true, g, 'Ports requested through SOCKS'),
  user: defineField('socks.user', 'socks_user', 'termfield', true, g, 'SOCKS user ids and user names'),
};

// Every protocol module's fields, imported by the catalogue so that all fields exist before the
// schema is derived. A new protocol adds its line here.
import './dns/fields.js';
import './http/fields.js';
import './tls/fields.js';
import './smtp/fields.js';
import './ntlm/fields.js';
import './ldap/fields.js';
import './socks/fields.js';
import './ssh/fields.js';
import './snmp/fields.js';
import './ntp/register.js';
import './dhcp/fields.js';
import './postgresql/register.js';
import './mysql/register.js';
import './irc/register.js';
import './bittorrent/register.js';
import './ftp/register.js';
import './krb5/register.js';
import './isakmp/fields.js';
import './quic/register.js';
import './opcua/register.js';
import './mqtt/register.js';
import './dnp3/register.js';
import './modbus/register.js';
import './smb/fields.js';
import './sip/register.js';
import './rdp/register.js';

// LDAP fields, with Arkime's expression names.
import { defineField } from '../../fields/define.js';

const g = 'ldap';
export const LDAP = {
  authtype: defineField('ldap.authtype', 'ldap_authtype', 'termfield', true, g, 'Bind authentication types (simple, sasl, ntlmsspNegotiate...)'),
  bindname: defineField('ldap.bindname', 'ldap_bindname', 'termfield', true, g, 'Bind DNs (<ROOT> for an empty name)'),
};

// NTLMSSP fields (Arkime's ntlm group); the user name goes to the general `user` field.
import { defineField } from '../../fields/define.js';

const g = 'ntlm';
export const NTLM = {
  domain: defineField('ntlm.domain', 'ntlm_domain', 'termfield', true, g, 'Domains in NTLMSSP negotiate and authenticate messages'),
  host: defineField('ntlm.host', 'ntlm_host', 'termfield', true, g, 'Workstation names in NTLMSSP messages'),
  targetName: defineField('ntlm.targetName', 'ntlm_target_name', 'termfield', true, g, 'Target names in NTLMSSP challenges'),
  type: defineField('ntlm.type', 'ntlm_type', 'integer', true, g, 'NTLMSSP message types seen (1 negotiate, 2 challenge, 3 authenticate)'),
  version: defineField('ntlm.version', 'ntlm_version', 'termfield', true, g, 'Windows versions (major.minor.build) in NTLMSSP messages'),
};
export { USER } from '../../fields/common.js';

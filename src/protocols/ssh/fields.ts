// SSH fields, with Arkime's expression names.
import { defineField } from '../../fields/define.js';

const g = 'ssh';
export const SSH = {
  version: defineField('ssh.ver', 'ssh_version', 'lotermfield', true, g, 'SSH identification strings of both sides (lower-cased)'),
  hassh: defineField('ssh.hassh', 'ssh_hassh', 'lotermfield', true, g, 'HASSH fingerprints of clients'),
  hasshServer: defineField('ssh.hasshServer', 'ssh_hassh_server', 'lotermfield', true, g, 'HASSH fingerprints of servers'),
  key: defineField('ssh.key', 'ssh_key', 'termfield', true, g, 'Server host keys (base64)'),
  kex: defineField('ssh.kex', 'ssh_kex', 'termfield', true, g, 'Key-exchange algorithms offered'),
};

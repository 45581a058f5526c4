// SMB fields, with Arkime's expression names.
import { defineField } from '../../fields/define.js';

const g = 'smb';
export const SMB = {
  dialect: defineField('smb.dialect', 'smb_dialect', 'termfield', true, g, 'SMB2/3 dialects negotiated (SMB 2.1, SMB 3.1.1...)'),
  share: defineField('smb.share', 'smb_share', 'termfield', true, g, 'Share paths connected to (\\\\server\\share)'),
  filename: defineField('smb.fn', 'smb_filename', 'termfield', true, g, 'File and pipe names opened'),
  os: defineField('smb.os', 'smb_os', 'termfield', true, g, 'Native OS strings of SMB1 session setups'),
  version: defineField('smb.ver', 'smb_version', 'termfield', true, g, 'Native LAN manager strings of SMB1 session setups'),
  domain: defineField('smb.domain', 'smb_domain', 'termfield', true, g, 'Primary domains of SMB1 session setups and NTLMSSP domains'),
  host: defineField('host.smb', 'smb_host', 'termfield', true, g, 'Workstation names from NTLMSSP in SMB'),
  user: defineField('smb.user', 'smb_user', 'termfield', true, g, 'User names from NTLMSSP in SMB'),
};

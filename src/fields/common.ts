// Fields many protocols fill (Arkime's general group): defined once, here.
import { defineField } from './registry.js';

export const USER = defineField('user', 'user', 'lotermfield', true, 'general', 'User names seen in any protocol (NTLM, HTTP, FTP, SOCKS, databases...), lower-cased');

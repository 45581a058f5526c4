// SMTP: a client greeting or an ESMTP banner on any port; 25, 587 and 2525 as the fallback.
import type { ProtocolDef } from '../types.js';
import { anyPrefix } from '../misc/signatures.js';
import { SmtpParser } from './parser.js';

const greeting = anyPrefix('EHLO ', 'HELO ', 'ehlo ', 'helo ');

export const smtp: ProtocolDef = {
  name: 'smtp',
  transport: 'tcp',
  ports: [25, 587, 2525],
  signature: (buf, off, len) => greeting(buf, off, len) || (len > 8 && buf[off] === 0x32 && buf[off + 1] === 0x32 && buf[off + 2] === 0x30 && /SMTP/i.test(buf.toString('latin1', off, off + Math.min(len, 256)))),
  create: () => new SmtpParser(),
};

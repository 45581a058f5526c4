// FTP control connections: the client's commands and user name (file transfers use other sessions).
import { defineField } from '../../fields/define.js';
import type { FieldSink, ProtocolDef, ProtocolParser } from '../types.js';
import { LineBuffer } from '../lines.js';
import { USER } from '../ntlm/fields.js';

const g = 'ftp';
export const FTP = {
  command: defineField('ftp.command', 'ftp_command', 'uptermfield', true, g, 'Commands sent by clients'),
  filename: defineField('ftp.filename', 'ftp_filename', 'termfield', true, g, 'File names in RETR, STOR, DELE...'),
  banner: defineField('ftp.banner', 'ftp_banner', 'termfield', true, g, 'Server greeting text'),
  responseCode: defineField('ftp.responseCode', 'ftp_response_code', 'integer', true, g, 'Reply codes sent by servers'),
};
const FILE_COMMANDS = new Set(['RETR', 'STOR', 'STOU', 'APPE', 'DELE', 'RNFR', 'RNTO', 'SIZE', 'MDTM']);

class FtpParser implements ProtocolParser {
  private readonly lines = [new LineBuffer(), new LineBuffer()];
  private count = 0;
  private banner = false;
  feed(dir: number, b: Buffer, o: number, len: number, out: FieldSink): boolean {
    this.lines[dir].push(b, o, len, (l) => {
      this.count++;
      if (dir === 1) {
        const code = /^(\d{3})[ -]/.exec(l);
        if (code) out.add(FTP.responseCode, Number(code[1]));
        if (!this.banner && l.startsWith('220')) out.add(FTP.banner, l.slice(4).trim());
        this.banner = true;
        return;
      }
      const sp = l.indexOf(' ');
      const verb = (sp < 0 ? l : l.slice(0, sp)).toUpperCase();
      const arg = sp < 0 ? '' : l.slice(sp + 1).trim();
      if (!/^[A-Z]{3,4}$/.test(verb)) return;
      out.add(FTP.command, verb);
      if (verb === 'USER' && arg) out.add(USER, arg.toLowerCase());
      else if (FILE_COMMANDS.has(verb) && arg) out.add(FTP.filename, arg);
    });
    return this.count < 1000;
  }
}

export const ftp: ProtocolDef = { name: 'ftp', transport: 'tcp', ports: [21], create: () => new FtpParser() };

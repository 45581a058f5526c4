// MySQL: the server greeting's version, the client's login user; an SSL request hands the stream
// to TLS.
import { defineField } from '../../fields/define.js';
import type { FieldSink, ProtocolDef, ProtocolParser } from '../types.js';
import { USER } from '../ntlm/fields.js';

const g = 'mysql';
export const MYSQL = {
  version: defineField('mysql.ver', 'mysql_version', 'termfield', true, g, 'Server versions from greetings'),
  user: defineField('mysql.user', 'mysql_user', 'lotermfield', true, g, 'Login user names'),
};
const CLIENT_SSL = 0x800;

class MysqlParser implements ProtocolParser {
  private messages = 0;
  feed(dir: number, b: Buffer, o: number, len: number, out: FieldSink): boolean {
    if (len < 5) return ++this.messages < 8;
    const plen = b.readUIntLE(o, 3);
    if (dir === 1 && b[o + 3] === 0 && b[o + 4] === 10) {
      const z = b.indexOf(0, o + 5);
      if (z > 0 && z < o + len) out.add(MYSQL.version, b.toString('latin1', o + 5, z));
    } else if (dir === 0 && b[o + 3] === 1 && len >= 36) {
      const caps = b.readUInt32LE(o + 4);
      if (caps & CLIENT_SSL && plen === 32) out.handoff();
      else {
        const z = b.indexOf(0, o + 36);
        if (z > o + 36 && z < o + len) {
          const user = b.toString('utf8', o + 36, z);
          out.add(MYSQL.user, user);
          out.add(USER, user.toLowerCase());
        }
      }
    }
    return ++this.messages < 8;
  }
}

export const mysql: ProtocolDef = {
  name: 'mysql',
  transport: 'tcp',
  ports: [3306],
  // Server greeting: 3-byte length, sequence 0, protocol version 10, a printable version string.
  signature: (b, o, len) => len > 10 && b[o + 3] === 0 && b[o + 4] === 10 && b.readUIntLE(o, 3) + 4 <= len + 64 && b[o + 5] >= 0x30 && b[o + 5] <= 0x39,
  create: () => new MysqlParser(),
};

// PostgreSQL: the startup message's user, database and application name; an accepted SSLRequest
// hands the stream to TLS.
import { defineField } from '../../fields/define.js';
import type { FieldSink, ProtocolDef, ProtocolParser } from '../types.js';
import { USER } from '../ntlm/fields.js';

const g = 'postgresql';
export const PG = {
  user: defineField('postgresql.user', 'postgresql_user', 'termfield', true, g, 'User names in startup messages'),
  db: defineField('postgresql.db', 'postgresql_db', 'termfield', true, g, 'Database names in startup messages'),
  app: defineField('postgresql.app', 'postgresql_app', 'termfield', true, g, 'application_name in startup messages'),
};
const PROTOCOL_3 = 196608;
const SSL_REQUEST = 80877103;

class PgParser implements ProtocolParser {
  private sslAsked = false;
  private messages = 0;
  feed(dir: number, b: Buffer, o: number, len: number, out: FieldSink): boolean {
    if (dir === 1) {
      if (this.sslAsked && len === 1 && b[o] === 0x53) out.handoff(); // 'S': TLS follows
      this.sslAsked = false;
      return ++this.messages < 16;
    }
    if (len >= 8 && b.readUInt32BE(o + 4) === SSL_REQUEST) this.sslAsked = true;
    else if (len >= 8 && b.readUInt32BE(o + 4) === PROTOCOL_3) {
      const parts = b.toString('utf8', o + 8, o + Math.min(len, b.readUInt32BE(o))).split('\0');
      for (let i = 0; i + 1 < parts.length; i += 2) {
        const [k, v] = [parts[i], parts[i + 1]];
        if (!k) break;
        if (k === 'user') {
          out.add(PG.user, v);
          out.add(USER, v.toLowerCase());
        } else if (k === 'database') out.add(PG.db, v);
        else if (k === 'application_name') out.add(PG.app, v);
      }
    }
    return ++this.messages < 16;
  }
}

export const postgresql: ProtocolDef = {
  name: 'postgresql',
  transport: 'tcp',
  ports: [5432],
  signature: (b, o, len) => len >= 8 && b.readUInt32BE(o) <= 10000 && (b.readUInt32BE(o + 4) === PROTOCOL_3 || b.readUInt32BE(o + 4) === SSL_REQUEST),
  create: () => new PgParser(),
};

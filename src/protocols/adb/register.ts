// Android Debug Bridge over TCP (5555): 24-byte message headers whose last word is the command
// XOR 0xffffffff; once both sides sent STLS, the stream is TLS.
import type { FieldSink, ProtocolDef, ProtocolParser } from '../types.js';

const COMMANDS = new Set(['CNXN', 'AUTH', 'STLS', 'OPEN', 'OKAY', 'CLSE', 'WRTE', 'SYNC']);
const HEADER = 24;

function isMessage(b: Buffer, o: number, len: number): boolean {
  if (len < HEADER || !COMMANDS.has(b.toString('latin1', o, o + 4))) return false;
  return (b.readUInt32LE(o) ^ 0xffffffff) >>> 0 === b.readUInt32LE(o + 20);
}

class AdbParser implements ProtocolParser {
  private readonly stls = [false, false];
  private messages = 0;
  feed(dir: number, b: Buffer, o: number, len: number, out: FieldSink): boolean {
    if (isMessage(b, o, len) && b.toString('latin1', o, o + 4) === 'STLS') {
      this.stls[dir] = true;
      if (this.stls[0] && this.stls[1]) out.handoff();
    }
    return ++this.messages < 32;
  }
}

export const adb: ProtocolDef = { name: 'adb', transport: 'tcp', ports: [5555], signature: isMessage, create: () => new AdbParser() };

/** The adb client-to-server protocol (5037): a 4-hex-digit length, then "host:" requests. */
const HOST = /^[0-9a-fA-F]{4}host:/;
export const adbHost: ProtocolDef = {
  name: 'adb',
  transport: 'tcp',
  ports: [5037],
  signature: (b, o, len) => len >= 9 && HOST.test(b.toString('latin1', o, o + 9)),
  create: () => new AdbParser(),
};

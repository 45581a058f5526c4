// DNP3 over TCP and UDP (20000): link-layer addresses and application function codes.
import { defineField } from '../../fields/define.js';
import type { FieldSink, ProtocolDef, ProtocolParser } from '../types.js';

const g = 'dnp3';
export const DNP3 = {
  src: defineField('dnp3.src', 'dnp3_src', 'integer', true, g, 'Link-layer source addresses'),
  dst: defineField('dnp3.dst', 'dnp3_dst', 'integer', true, g, 'Link-layer destination addresses'),
  func: defineField('dnp3.func', 'dnp3_func', 'integer', true, g, 'Application function codes'),
  funcName: defineField('dnp3.funcName', 'dnp3_func_name', 'termfield', true, g, 'Application function names'),
};
const FUNCS: Record<number, string> = {
  0: 'Confirm', 1: 'Read', 2: 'Write', 3: 'Select', 4: 'Operate', 5: 'DirectOperate', 6: 'DirectOperateNoAck', 7: 'ImmediateFreeze',
  8: 'ImmediateFreezeNoAck', 9: 'FreezeClear', 10: 'FreezeClearNoAck', 11: 'FreezeAtTime', 12: 'FreezeAtTimeNoAck', 13: 'ColdRestart',
  14: 'WarmRestart', 15: 'InitializeData', 16: 'InitializeApplication', 17: 'StartApplication', 18: 'StopApplication', 19: 'SaveConfiguration',
  20: 'EnableUnsolicited', 21: 'DisableUnsolicited', 22: 'AssignClass', 23: 'DelayMeasure', 24: 'RecordCurrentTime', 25: 'OpenFile',
  26: 'CloseFile', 27: 'DeleteFile', 28: 'GetFileInfo', 29: 'AuthenticateFile', 30: 'AbortFile', 129: 'Response', 130: 'UnsolicitedResponse',
};
const LINK_HEADER = 10;

class Dnp3Parser implements ProtocolParser {
  private frames = 0;
  feed(_dir: number, b: Buffer, o: number, len: number, out: FieldSink): boolean {
    const end = o + len;
    // Frames: 05 64, length, control, destination, source (little-endian), CRC; then user data
    // in 16-byte blocks each followed by a CRC. The first block starts with the transport byte.
    for (let p = o; p + LINK_HEADER <= end && b[p] === 0x05 && b[p + 1] === 0x64; ) {
      const n = b[p + 2];
      out.add(DNP3.dst, b.readUInt16LE(p + 4));
      out.add(DNP3.src, b.readUInt16LE(p + 6));
      const userBytes = Math.max(0, n - 5);
      if (userBytes >= 3 && p + LINK_HEADER + 3 <= end && b[p + 3] & 0x40) {
        const fc = b[p + LINK_HEADER + 2];
        out.add(DNP3.func, fc);
        out.add(DNP3.funcName, FUNCS[fc] ?? String(fc));
      }
      p += LINK_HEADER + userBytes + 2 * Math.ceil(userBytes / 16);
      if (++this.frames > 256) return false;
    }
    return true;
  }
}

const sig = (b: Buffer, o: number, l: number) => l >= LINK_HEADER && b[o] === 0x05 && b[o + 1] === 0x64 && b[o + 2] >= 5;
export const dnp3: ProtocolDef = { name: 'dnp3', transport: 'tcp', ports: [20000], signature: sig, create: () => new Dnp3Parser() };
export const dnp3Udp: ProtocolDef = { name: 'dnp3', transport: 'udp', ports: [20000], signature: sig, create: () => new Dnp3Parser() };

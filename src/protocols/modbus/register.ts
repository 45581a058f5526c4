// Modbus/TCP (502): MBAP header (transaction, protocol, unit id) and function / exception codes.
import { defineField } from '../../fields/define.js';
import type { FieldSink, ProtocolDef, ProtocolParser } from '../types.js';

const g = 'modbus';
export const MODBUS = {
  transactionId: defineField('modbus.transactionid', 'modbus_transaction_id', 'integer', true, g, 'MBAP transaction ids'),
  protocolId: defineField('modbus.protocolid', 'modbus_protocol_id', 'integer', true, g, 'MBAP protocol ids (0 for Modbus)'),
  unitId: defineField('modbus.unitid', 'modbus_unit_id', 'integer', true, g, 'Unit (slave) ids'),
  funcCode: defineField('modbus.funccode', 'modbus_func_code', 'integer', true, g, 'Function codes (exception bit cleared)'),
  excCode: defineField('modbus.exccode', 'modbus_exc_code', 'integer', true, g, 'Exception codes in error responses'),
};
const MBAP = 7;
const MAX_TRANSACTIONS = 64;

class ModbusParser implements ProtocolParser {
  private messages = 0;
  feed(_dir: number, b: Buffer, o: number, len: number, out: FieldSink): boolean {
    const end = o + len;
    for (let p = o; p + MBAP + 1 <= end; ) {
      const n = b.readUInt16BE(p + 4);
      if (n < 2 || n > 254) break;
      if (this.messages < MAX_TRANSACTIONS) out.add(MODBUS.transactionId, b.readUInt16BE(p));
      out.add(MODBUS.protocolId, b.readUInt16BE(p + 2));
      out.add(MODBUS.unitId, b[p + 6]);
      const fc = b[p + 7];
      out.add(MODBUS.funcCode, fc & 0x7f);
      if (fc & 0x80 && p + MBAP + 2 <= end) out.add(MODBUS.excCode, b[p + 8]);
      p += 6 + n;
      if (++this.messages > 1000) return false;
    }
    return true;
  }
}

export const modbus: ProtocolDef = {
  name: 'modbus',
  transport: 'tcp',
  ports: [502],
  // MBAP with protocol id 0 and a length that matches the segment.
  signature: (b, o, l) => l >= 8 && b[o + 2] === 0 && b[o + 3] === 0 && b.readUInt16BE(o + 4) + 6 === l && b[o + 7] > 0 && b[o + 7] < 0x80,
  create: () => new ModbusParser(),
};

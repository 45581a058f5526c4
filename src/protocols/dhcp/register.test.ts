import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseChunks } from '../testing.js';
import { setOuiFile } from '../../session/oui.js';
import { dhcp } from './register.js';

/** A BOOTP request with the DHCP cookie and options 53 (DISCOVER), 12 (host name), 50, 60. */
function discover(mac: number[]): Buffer {
  const b = Buffer.alloc(240);
  b[0] = 1;
  b[1] = 1;
  b[2] = 6;
  b.writeUInt32BE(0x3903f326, 4);
  Buffer.from(mac).copy(b, 28);
  b.writeUInt32BE(0x63825363, 236);
  const opts = Buffer.from([53, 1, 1, 12, 6, ...Buffer.from('Laptop'), 50, 4, 192, 168, 1, 100, 60, 8, ...Buffer.from('MSFT 5.0'), 255]);
  return Buffer.concat([b, opts]);
}

test('DHCP DISCOVER: type, transaction id, client MAC and its vendor, host name, requested IP, vendor class', () => {
  const dir = mkdtempSync(join(tmpdir(), 'weir-dhcp-'));
  writeFileSync(join(dir, 'manuf'), '00:00:0C\tCisco\tCisco Systems, Inc\n');
  setOuiFile(join(dir, 'manuf'));
  const out = parseChunks(dhcp.create(), [[0, discover([0x00, 0x00, 0x0c, 0x12, 0x34, 0x56])]]);
  assert.deepEqual(out['dhcp.type'], ['DISCOVER']);
  assert.deepEqual(out['dhcp.id'], ['3903f326']);
  assert.deepEqual(out['dhcp.mac'], ['00:00:0c:12:34:56']);
  assert.deepEqual(out['dhcp.oui'], ['Cisco Systems, Inc']);
  assert.deepEqual(out['dhcp.host'], ['laptop']);
  assert.deepEqual(out['dhcp.requestIp'], ['192.168.1.100']);
  assert.deepEqual(out['dhcp.classId'], ['MSFT 5.0']);
  // A locally administered (random) address has no vendor.
  assert.equal(parseChunks(dhcp.create(), [[0, discover([0x92, 0xdd, 0xa4, 0x8d, 0x5f, 0xde])]])['dhcp.oui'], undefined);
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ouiOf, parseManuf, setOuiFile } from './oui.js';

const MANUF = [
  '# comment',
  '00:00:0C\tCisco\tCisco Systems, Inc',
  '00:1B:C5\tIEEERegi\tIEEE Registration Authority',
  '00:1B:C5:00:00:00/36\tConverg\tConverging Systems Inc.',
  'FC:FF:AA\tIeeeRegi',
  'bad line',
].join('\n');

test('manuf entries: 24-bit OUIs and longer IEEE blocks, the longest prefix wins', () => {
  const dir = mkdtempSync(join(tmpdir(), 'weir-oui-'));
  writeFileSync(join(dir, 'manuf'), MANUF);
  setOuiFile(join(dir, 'manuf'));
  assert.equal(ouiOf(0x00000c123456), 'Cisco Systems, Inc');
  assert.equal(ouiOf(0x001bc5000001), 'Converging Systems Inc.');
  assert.equal(ouiOf(0x001bc5100001), 'IEEE Registration Authority');
  assert.equal(ouiOf(0xfcffaa000000), 'IeeeRegi', 'the short name when there is no long one');
  assert.equal(ouiOf(0x020000000000), undefined);
  assert.equal(parseManuf(MANUF).byPrefix.size, 4);
});

test('without a manuf file the lookups answer nothing (and do not throw)', () => {
  setOuiFile('/nonexistent/manuf');
  assert.equal(ouiOf(0x00000c123456), undefined);
});

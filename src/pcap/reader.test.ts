import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { spawnSync } from 'node:child_process';
import { readCapture } from './reader.js';
import { pcapFile, pcapngFile, type Frame } from './frame-builder.js';

const dir = mkdtempSync(join(tmpdir(), 'weir-reader-'));
process.on('exit', () => rmSync(dir, { recursive: true, force: true }));

function file(name: string, bytes: Buffer): string {
  const p = join(dir, name);
  writeFileSync(p, bytes);
  return p;
}

async function read(path: string) {
  const seen: { ts: number; len: number; orig: number; pos: number; lt: number; first: number }[] = [];
  const r = await readCapture(path, (p) => seen.push({ ts: p.tsUs, len: p.caplen, orig: p.origlen, pos: p.filePos, lt: p.linktype, first: p.data[p.off] }));
  return { r, seen };
}

const frames: Frame[] = [
  { tsUs: 1_700_000_000_123_456, data: Buffer.from([1, 2, 3, 4, 5]) },
  { tsUs: 1_700_000_001_000_001, data: Buffer.from([6, 7, 8]), origlen: 1500 },
  { tsUs: 1_700_000_002_999_999, data: Buffer.alloc(100, 9) },
];

for (const bigEndian of [false, true]) {
  for (const nanos of [false, true]) {
    test(`pcap ${bigEndian ? 'big' : 'little'}-endian, ${nanos ? 'nano' : 'micro'}second timestamps`, async () => {
      const { r, seen } = await read(file(`t-${bigEndian}-${nanos}.pcap`, pcapFile(frames, { bigEndian, nanos, linktype: 101 })));
      assert.equal(r.format, 'pcap');
      assert.equal(r.error, undefined);
      assert.deepEqual(seen.map((s) => s.ts), frames.map((f) => f.tsUs));
      assert.deepEqual(seen.map((s) => s.len), [5, 3, 100]);
      assert.deepEqual(seen.map((s) => s.orig), [5, 1500, 100]);
      assert.deepEqual(seen.map((s) => s.pos), [24, 24 + 16 + 5, 24 + 16 + 5 + 16 + 3]);
      assert.ok(seen.every((s) => s.lt === 101));
    });
  }
}

test('pcapng: interfaces with their own link types and timestamp resolutions; SPB, obsolete PB and unknown blocks', async () => {
  for (const bigEndian of [false, true]) {
    const bytes = pcapngFile(
      [{ linktype: 1 }, { linktype: 101, tsresol: 9 }, { linktype: 113, tsresol: 3 }, { linktype: 228, tsresol: 0x80 | 20 }],
      [
        { iface: 0, tsUs: 1_600_000_000_000_001, data: Buffer.from([0xa0]) },
        { iface: 1, tsUs: 1_600_000_000_500_002, data: Buffer.from([0xa1, 0]) },
        { iface: 2, tsUs: 1_600_000_001_000_000, data: Buffer.from([0xa2]) },
        { iface: 3, tsUs: 1_600_000_002_000_000, data: Buffer.from([0xa3]) },
        { iface: 0, kind: 'pb', tsUs: 1_600_000_003_000_000, data: Buffer.from([0xa4]) },
        { kind: 'spb', tsUs: 0, data: Buffer.from([0xa5, 1, 2]) },
      ],
      { bigEndian, extraBlocks: true },
    );
    const { r, seen } = await read(file(`ng-${bigEndian}.pcapng`, bytes));
    assert.equal(r.format, 'pcapng');
    assert.equal(r.error, undefined, r.error?.reason);
    assert.deepEqual(seen.map((s) => s.first), [0xa0, 0xa1, 0xa2, 0xa3, 0xa4, 0xa5]);
    assert.deepEqual(seen.map((s) => s.lt), [1, 101, 113, 228, 1, 1]);
    assert.equal(seen[0].ts, 1_600_000_000_000_001);
    assert.equal(seen[1].ts, 1_600_000_000_500_002);
    assert.equal(seen[2].ts, 1_600_000_001_000_000);
    assert.equal(seen[3].ts, 1_600_000_002_000_000);
    assert.equal(seen[4].ts, 1_600_000_003_000_000);
    // A simple packet block has no time of its own: the previous packet's is kept.
    assert.equal(seen[5].ts, seen[4].ts);
    assert.deepEqual(r.linktypes.sort((a, b) => a - b), [1, 101, 113, 228]);
  }
});

test('records straddling chunk boundaries, small and up to 300 KB, read exactly as from one chunk (the read buffer is reused)', async () => {
  const sizes = [60, 1514, 9000, 70_000, 300_000, 40, 8191, 8193, 16_000, 1, 65_535];
  const many: Frame[] = [];
  for (let i = 0; i < 400; i++) {
    const len = sizes[(i * 7) % sizes.length];
    const data = Buffer.alloc(len);
    for (let j = 0; j < len; j++) data[j] = (i * 31 + j * 7) & 0xff;
    many.push({ tsUs: 1_700_000_000_000_000 + i, data });
  }
  const path = file('straddle.pcap', pcapFile(many));
  for (const chunkBytes of [4096, 10_000, 65_536, 1 << 20]) {
    const got: string[] = [];
    const r = await readCapture(path, (p) => got.push(`${p.filePos}:${p.tsUs}:${p.data.subarray(p.off, p.off + p.caplen).toString('base64')}`), { chunkBytes });
    assert.equal(r.error, undefined, `chunks of ${chunkBytes}`);
    assert.equal(got.length, many.length, `chunks of ${chunkBytes}`);
    let pos = 24;
    many.forEach((f, i) => {
      assert.equal(got[i], `${pos}:${f.tsUs}:${f.data.toString('base64')}`, `packet ${i}, chunks of ${chunkBytes}`);
      pos += 16 + f.data.length;
    });
  }
});

test('a truncated pcap keeps every packet before the damage and says where it stopped', async () => {
  const whole = pcapFile(frames);
  const cut = whole.subarray(0, whole.length - 40);
  const { r, seen } = await read(file('trunc.pcap', cut));
  assert.equal(seen.length, 2);
  assert.ok(r.error);
  assert.equal(r.error.offset, 24 + 16 + 5 + 16 + 3);
  assert.match(r.error.reason, /truncated/);
});

test('a corrupt record length stops reading at that record, with the earlier packets kept', async () => {
  const bytes = pcapFile(frames);
  const third = 24 + 16 + 5 + 16 + 3;
  bytes.writeUInt32LE(0x7fffffff, third + 8);
  const { r, seen } = await read(file('corrupt.pcap', bytes));
  assert.equal(seen.length, 2);
  assert.equal(r.error?.offset, third);
  assert.match(r.error!.reason, /exceeds/);
});

test('not a capture: a clear error, no packets', async () => {
  const { r, seen } = await read(file('text.pcap', Buffer.from('hello, this is not a capture file at all')));
  assert.equal(seen.length, 0);
  assert.match(r.error!.reason, /not a pcap or pcapng/);
  const empty = await read(file('empty.pcap', Buffer.alloc(0)));
  assert.match(empty.r.error!.reason, /empty/);
});

test('gzip- and zstd-compressed captures open transparently (detected by magic, not name)', async (t) => {
  const plain = pcapFile(frames);
  const gz = await read(file('gz.bin', gzipSync(plain)));
  assert.equal(gz.r.compression, 'gzip');
  assert.equal(gz.seen.length, 3);
  assert.deepEqual(gz.seen.map((s) => s.pos), [24, 45, 64]);
  const src = file('for-zstd.pcap', plain);
  const z = spawnSync('zstd', ['-q', '-f', src, '-o', src + '.zst']);
  if (z.error) {
    t.skip('zstd CLI not installed');
    return;
  }
  const zs = await read(src + '.zst');
  assert.equal(zs.r.compression, 'zstd');
  assert.equal(zs.seen.length, 3);
  assert.equal(zs.r.error, undefined);
});

test('a truncated gzip capture keeps what decompressed before the damage', async () => {
  const many: Frame[] = Array.from({ length: 2000 }, (_, i) => ({ tsUs: 1e15 + i, data: Buffer.alloc(200, i & 0xff) }));
  const gz = gzipSync(pcapFile(many));
  const { r, seen } = await read(file('cut.pcap.gz', gz.subarray(0, Math.floor(gz.length * 0.6))));
  assert.ok(seen.length > 0 && seen.length < 2000, `read ${seen.length}`);
  assert.ok(r.error, 'the damage is reported');
});

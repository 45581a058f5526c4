// The weir CLI end to end on captures the test builds itself: import, query, export, errors.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync, readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { scratchDir } from './helpers/ingest.js';
import { WEIR, weir, weirAsync } from './helpers/cli.js';
import { haveTshark } from './helpers/tshark.js';
import { pcapUnavailable } from '../src/capture/binding.js';
import { ethernet, ipv4, tcp, udp, pcapFile, pcapngFile, TCP_FLAGS as F, type Frame } from '../src/pcap/frame-builder.js';

const A = '02:00:00:00:00:0a';
const B = '02:00:00:00:00:0b';
const T0 = 1_700_000_000_000_000;

function traffic(): Frame[] {
  const f: Frame[] = [];
  const c2s = (t: number, o: Parameters<typeof tcp>[0], p?: Buffer) => f.push({ tsUs: T0 + t, data: ethernet(A, B, 0x0800, ipv4({ src: '10.1.0.1', dst: '10.1.0.2', proto: 6 }, tcp(o, p))) });
  const s2c = (t: number, o: Parameters<typeof tcp>[0], p?: Buffer) => f.push({ tsUs: T0 + t, data: ethernet(B, A, 0x0800, ipv4({ src: '10.1.0.2', dst: '10.1.0.1', proto: 6 }, tcp(o, p))) });
  c2s(0, { sport: 50000, dport: 80, seq: 1, flags: F.SYN });
  s2c(1000, { sport: 80, dport: 50000, seq: 9, ack: 2, flags: F.SYN | F.ACK });
  c2s(2000, { sport: 50000, dport: 80, seq: 2, ack: 10, flags: F.ACK });
  c2s(3000, { sport: 50000, dport: 80, seq: 2, ack: 10, flags: F.ACK | F.PSH }, Buffer.from('GET / HTTP/1.1\r\nHost: example\r\n\r\n'));
  s2c(4000, { sport: 80, dport: 50000, seq: 10, ack: 36, flags: F.ACK | F.PSH }, Buffer.from('HTTP/1.1 200 OK\r\n\r\n'));
  for (let i = 0; i < 5; i++) {
    f.push({ tsUs: T0 + 10_000 + i * 100, data: ethernet(A, B, 0x0800, ipv4({ src: '10.1.0.1', dst: '10.1.0.53', proto: 17 }, udp(40000 + i, 53, Buffer.from('query' + i)))) });
  }
  return f;
}

test('import, list and query sessions; JSON keyed by query names; files table', () => {
  const { dir, cleanup } = scratchDir();
  try {
    const cap = join(dir, 'sample.pcap');
    writeFileSync(cap, pcapFile(traffic()));
    const db = join(dir, 'w.duckdb');
    const imp = weir(['import', '--db', db, '--node', 'n1', cap]);
    assert.equal(imp.status, 0, imp.stderr);
    assert.match(imp.stdout, /imported 1 files, 10 packets, 6 sessions, 0 errors in [\d.]+ s \([\d.k]+ packets\/s\)/);
    const all = weir(['sessions', '--db', db, '--json']).stdout.trim().split('\n').map((l) => JSON.parse(l));
    assert.equal(all.length, 6);
    const web = all.find((s) => s['port.dst'] === 80);
    assert.equal(web['ip.src'], '10.1.0.1');
    assert.equal(web.node, 'n1');
    assert.deepEqual(web.file, ['sample.pcap']);
    assert.equal(web.firstPacket, T0 / 1000);
    assert.equal(typeof web.lastPacket, 'number');
    assert.deepEqual([web['databytes.src'], web['databytes.dst']], [33, 19]);
    const dns = weir(['sessions', '--db', db, '--json', '--expression', 'port.dst == 53']).stdout.trim().split('\n');
    assert.equal(dns.length, 5);
    const one = weir(['sessions', '--db', db, '--json', '--expression', 'port.dst == 53 && port.src == 40003']).stdout.trim().split('\n');
    assert.equal(one.length, 1);
    // Every multi-valued field has its count field, for queries and output.
    const counted = weir(['sessions', '--db', db, '--json', '--fields', 'host.http,host.http.cnt,mac.src.cnt', '--expression', 'host.http.cnt == 1']).stdout.trim().split('\n').map((l) => JSON.parse(l));
    assert.deepEqual(counted, [{ 'host.http': ['example'], 'host.http.cnt': 1, 'mac.src.cnt': 1 }]);
    assert.equal(weir(['sessions', '--db', db, '--json', '--expression', 'host.http.cnt == 0']).stdout.trim().split('\n').length, 5);
    // Output cut short by a closed pipe ends quietly, without a stack trace.
    const piped = spawnSync('sh', ['-c', `"${process.execPath}" "${WEIR}" sessions --db "${db}" --json | head -1`], { encoding: 'utf8' });
    assert.equal(piped.stdout.trim().split('\n').length, 1);
    assert.equal(piped.stderr, '');
    const limited = weir(['sessions', '--db', db, '--limit', '2']).stdout.trim().split('\n');
    assert.equal(limited.length, 3, 'header + 2 rows');
    const files = weir(['files', '--db', db, '--json']).stdout.trim().split('\n').map((l) => JSON.parse(l));
    assert.equal(files.length, 1);
    assert.equal(files[0].packets, 10);
    assert.match(files[0].sha256, /^[0-9a-f]{64}$/);
    assert.equal(files[0].firstPacket, T0 / 1000);
  } finally {
    cleanup();
  }
});

test('bad input gets clear errors: unknown field (with suggestions), bad syntax, unknown command; no stack traces', () => {
  const { dir, cleanup } = scratchDir();
  try {
    const db = join(dir, 'w.duckdb');
    writeFileSync(join(dir, 'x.pcap'), pcapFile(traffic()));
    weir(['import', '--db', db, join(dir, 'x.pcap')]);
    const unknown = weir(['sessions', '--db', db, '--expression', 'ip.srcc == 1.2.3.4']);
    assert.equal(unknown.status, 2);
    assert.match(unknown.stderr, /unknown field "ip.srcc".*ip.src/);
    const bad = weir(['sessions', '--db', db, '--expression', 'port.dst = = 5']);
    assert.equal(bad.status, 2);
    assert.match(bad.stderr, /position \d+/);
    const cmd = weir(['frobnicate']);
    assert.equal(cmd.status, 2);
    const workers = weir(['import', '--workers', '0', '--db', db, join(dir, 'x.pcap')]);
    assert.equal(workers.status, 2);
    assert.match(workers.stderr, /--workers needs a whole number from 1 to 256/);
    for (const r of [unknown, bad, cmd, workers]) assert.doesNotMatch(r.stderr, /\s+at .*:\d+:\d+/);
    assert.match(weir(['--help']).stdout, /import <files\|dirs>/);
  } finally {
    cleanup();
  }
});

test('re-importing the same content is refused unless forced', () => {
  const { dir, cleanup } = scratchDir();
  try {
    const db = join(dir, 'w.duckdb');
    const a = join(dir, 'a.pcap');
    writeFileSync(a, pcapFile(traffic()));
    writeFileSync(join(dir, 'copy.pcap'), readFileSync(a));
    assert.equal(weir(['import', '--db', db, a]).status, 0);
    const again = weir(['import', '--db', db, join(dir, 'copy.pcap')]);
    assert.match(again.stderr, /skipped .*already imported as file 1/);
    assert.match(again.stdout, /0 sessions, 0 errors, 1 skipped/);
    const forced = weir(['import', '--db', db, '--force', a]);
    assert.match(forced.stdout, /6 sessions/);
    const count = weir(['sessions', '--db', db, '--json']).stdout.trim().split('\n').length;
    assert.equal(count, 6, 'a forced re-import replaces the file\'s sessions instead of duplicating them');
  } finally {
    cleanup();
  }
});

test('the database has one writer: a second one gets an error naming the owner process', async () => {
  const { dir, cleanup } = scratchDir();
  try {
    const db = join(dir, 'w.duckdb');
    // A large capture keeps the first importer busy while the second tries.
    const frames: Frame[] = [];
    for (let i = 0; i < 600_000; i++) frames.push({ tsUs: T0 + i, data: ethernet(A, B, 0x0800, ipv4({ src: '10.2.0.1', dst: '10.2.0.2', proto: 17 }, udp(1 + (i % 5000), 9, Buffer.alloc(16)))) });
    const big = join(dir, 'big.pcap');
    writeFileSync(big, pcapFile(frames));
    const small = join(dir, 'small.pcap');
    writeFileSync(small, pcapFile(traffic()));
    const first = weirAsync(['import', '--db', db, big]);
    // Wait until the first importer has created (and so locked) the database.
    for (let i = 0; i < 100 && !existsSync(db); i++) await new Promise((r) => setTimeout(r, 50));
    await new Promise((r) => setTimeout(r, 300));
    const second = weir(['import', '--db', db, small]);
    assert.equal(second.status, 2, second.stdout + second.stderr);
    assert.match(second.stderr, /in use by another process: PID \d+ \(.*weir.*import/);
    assert.equal((await first).status, 0);
  } finally {
    cleanup();
  }
});

test('a truncated capture: the packets before the damage are stored and the stop is reported with its offset', () => {
  const { dir, cleanup } = scratchDir();
  try {
    const whole = pcapFile(traffic());
    const cut = join(dir, 'cut.pcap');
    writeFileSync(cut, whole.subarray(0, whole.length - 10));
    const db = join(dir, 'w.duckdb');
    const r = weir(['import', '--db', db, cut]);
    assert.equal(r.status, 1);
    assert.match(r.stderr, /partial\s+.*cut\.pcap: 9 packets — stopped at byte \d+: truncated record/);
    assert.match(r.stdout, /imported 1 files, 9 packets, 5 sessions, 1 errors/);
    const files = JSON.parse(weir(['files', '--db', db, '--json']).stdout.trim());
    assert.match(files.error, /^at byte \d+: truncated/);
  } finally {
    cleanup();
  }
});

test('weir pcap writes exactly a session\'s packets (pcap and pcapng sources); tshark agrees on the count', (t) => {
  const { dir, cleanup } = scratchDir();
  try {
    const frames = traffic();
    writeFileSync(join(dir, 'a.pcap'), pcapFile(frames));
    writeFileSync(join(dir, 'b.pcapng'), pcapngFile([{ linktype: 1, tsresol: 9 }], frames.map((f) => ({ ...f, tsUs: f.tsUs + 5_000_000_000 }))));
    const db = join(dir, 'w.duckdb');
    assert.equal(weir(['import', '--db', db, dir]).status, 0);
    const web = weir(['sessions', '--db', db, '--json', '--expression', 'port.dst == 80']).stdout.trim().split('\n').map((l) => JSON.parse(l));
    assert.equal(web.length, 2);
    for (const s of web) {
      const out = join(dir, `${s.id}.pcap`);
      const r = weir(['pcap', '--db', db, s.id, '-o', out]);
      assert.equal(r.status, 0, r.stderr);
      assert.match(r.stderr, /wrote 5 packets/);
      const back = readFileSync(out);
      assert.equal(back.readUInt32LE(0), 0xa1b2c3d4);
      if (!haveTshark()) continue;
      const n = spawnSync('tshark', ['-r', out, '-T', 'fields', '-e', 'frame.number'], { encoding: 'utf8' }).stdout.trim().split('\n').length;
      assert.equal(n, 5);
    }
    if (!haveTshark()) t.diagnostic('tshark not installed: the count check was done by reading back only');
    const missing = weir(['pcap', '--db', db, 'nope', '-o', join(dir, 'x.pcap')]);
    assert.equal(missing.status, 1);
    assert.match(missing.stderr, /no session with id nope/);
  } finally {
    cleanup();
  }
});

test('weir import --bpf keeps exactly the packets tcpdump keeps with the same filter', (t) => {
  const missing = pcapUnavailable();
  if (missing) return t.skip(`*** SKIPPED: ${missing} ***`);
  const { dir, cleanup } = scratchDir();
  try {
    const cap = join(dir, 'sample.pcap');
    assert.equal(weir(['sample', '-o', cap]).status, 0);
    const filter = 'tcp and not port 443';
    const kept = spawnSync('tcpdump', ['-nr', cap, filter], { encoding: 'utf8' }).stdout.trim().split('\n').length;
    const r = weir(['import', '--db', join(dir, 'w.duckdb'), '--bpf', filter, cap]);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, new RegExp(`imported 1 files, ${kept} packets`));
    assert.match(r.stdout, /packets left out by the filter/);
    const ports = weir(['sessions', '--db', join(dir, 'w.duckdb'), '--json', '--fields', 'ip.protocol,port.dst']).stdout.trim().split('\n').map((l) => JSON.parse(l));
    assert.ok(ports.length > 0 && ports.every((d) => d['ip.protocol'] === 6 && d['port.dst'] !== 443));
    const bad = weir(['import', '--db', join(dir, 'w2.duckdb'), '--bpf', 'tcp and', cap]);
    assert.equal(bad.status, 2);
    assert.match(bad.stderr, /bad filter/);
  } finally {
    cleanup();
  }
});

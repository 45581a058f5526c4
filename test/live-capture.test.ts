// Live capture end to end in network namespaces made here: tcpreplay sends captures into one end
// of a veth pair while `weir capture` listens on the other. Every packet sent is captured or
// reported dropped; the sessions equal those of offline import of the same files (core fields);
// the capture files read back in tshark; a BPF filter keeps exactly what tcpdump's does.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { scratchDir } from './helpers/ingest.js';
import { WEIR, weir } from './helpers/cli.js';
import { corpusOrSkip } from './helpers/corpus.js';
import { haveTshark } from './helpers/tshark.js';
import { liveCaptureMissing, makeVeth, replay, type Veth } from './helpers/netns.js';

const missing = liveCaptureMissing();
if (missing) console.log(`\n*** SKIPPING live capture tests: ${missing} ***\n`);

interface Outcome { packets: number; sessions: number; kernelDropped: number; queueDropped: number; received: number }

/** Runs `weir capture` inside the namespace while `act` replays; returns its final counters. */
async function capture(v: Veth, db: string, args: string[], act: () => number): Promise<{ sent: number; out: Outcome }> {
  const p = spawn('ip', ['netns', 'exec', v.ns, process.execPath, WEIR, 'capture', '-i', v.inner, '--db', db, '--node', 'live', '--quiet', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '', stderr = '';
  p.stdout.on('data', (c) => (stdout += c));
  await new Promise<void>((resolve, reject) => {
    p.stderr.on('data', (c) => {
      stderr += c;
      if (stderr.includes('capturing on')) resolve();
    });
    p.once('exit', (code) => reject(new Error(`weir capture exited with ${code}: ${stderr}`)));
  });
  const sent = act();
  await new Promise((r) => setTimeout(r, 1500));
  const exited = new Promise<number | null>((r) => p.once('exit', r));
  p.kill('SIGTERM');
  assert.equal(await exited, 0, stderr);
  return { sent, out: JSON.parse(stdout.trim().split('\n').pop()!) as Outcome };
}

/** Core fields of every stored session, as sortable lines (times differ between live and offline). */
function coreLines(db: string): string[] {
  const fields = ['ip.protocol', 'ip.src', 'port.src', 'ip.dst', 'port.dst', 'packets.src', 'packets.dst', 'bytes.src', 'bytes.dst', 'databytes.src', 'databytes.dst', 'protocols', 'tcpflags.syn', 'tcpflags.fin'];
  const r = weir(['sessions', '--db', db, '--json', '--fields', fields.join(',')]);
  assert.equal(r.status, 0, r.stderr);
  return r.stdout.trim().split('\n').filter(Boolean).map((l) => {
    const d = JSON.parse(l);
    return fields.map((f) => (Array.isArray(d[f]) ? [...d[f]].sort().join('+') : String(d[f] ?? ''))).join(' ');
  }).sort();
}

test('live capture: every packet accounted for, sessions as offline, files readable, BPF as tcpdump', { skip: missing ?? false, timeout: 300_000 }, async () => {
  const { dir, cleanup } = scratchDir('weir-live-');
  const v = makeVeth('t');
  try {
    const files = [join(dir, 'sample.pcap')];
    assert.equal(weir(['sample', '-o', files[0]]).status, 0);
    const arkime = corpusOrSkip('arkime');
    if (arkime) files.push(...['socks-https-example.pcap', 'http-content-gzip.pcap', 'dns-mx.pcap'].map((f) => join(arkime, f)));

    const live = join(dir, 'live.duckdb');
    const { sent, out } = await capture(v, live, [], () => files.reduce((n, f) => n + replay(v.outer, f), 0));
    console.log(`\nlive: sent ${sent}, captured ${out.packets}, kernel drops ${out.kernelDropped}, queue drops ${out.queueDropped}, sessions ${out.sessions}`);
    assert.equal(out.packets + out.kernelDropped + out.queueDropped, sent, 'captured + dropped = sent');
    assert.equal(out.packets, sent, 'at this rate nothing is dropped');

    const offline = join(dir, 'offline.duckdb');
    assert.equal(weir(['import', '--db', offline, '--node', 'off', '--flush', '--quiet', ...files]).status, 0);
    assert.deepEqual(coreLines(live), coreLines(offline), 'live sessions equal offline ones');

    // Two packet workers per interface: the same sessions again.
    const par = join(dir, 'par.duckdb');
    const two = await capture(v, par, ['--workers', '2', '--dir', join(dir, 'par')], () => files.reduce((n, f) => n + replay(v.outer, f), 0));
    assert.equal(two.out.packets, two.sent, 'with 2 workers nothing is dropped either');
    assert.deepEqual(coreLines(par), coreLines(offline), 'live sessions with 2 packet workers equal offline ones');

    const pcapDir = join(dir, 'pcap');
    const written = readdirSync(pcapDir).filter((f) => /^live-\d{6}-\d{6}-\d{4}\.pcap$/.test(f));
    assert.ok(written.length >= 1, 'rolling files named <node>-<YYMMDD-HHMMSS>-<seq>.pcap');
    if (haveTshark()) {
      const n = written.reduce((a, f) => a + execFileSync('tshark', ['-n', '-r', join(pcapDir, f)]).toString().trim().split('\n').length, 0);
      assert.equal(n, sent, 'tshark reads every captured packet from the files');
    }
    // A live session exports its packets from the capture files.
    const id = JSON.parse(weir(['sessions', '--db', live, '--json', '--fields', 'id,packets', '--expression', 'protocols == http', '--limit', '1']).stdout.trim()).id;
    const one = weir(['pcap', id, '--db', live, '-o', join(dir, 'one.pcap')]);
    assert.equal(one.status, 0, one.stderr);

    // BPF: the filter keeps exactly the packets tcpdump's reading of the same filter keeps.
    const filter = 'not (udp port 53)';
    const expected = execFileSync('tcpdump', ['-nr', files[0], filter], { stdio: ['ignore', 'pipe', 'ignore'] }).toString().trim().split('\n').length;
    const bpf = await capture(v, join(dir, 'bpf.duckdb'), ['--bpf', filter, '--dir', join(dir, 'bpf')], () => replay(v.outer, files[0]));
    assert.equal(bpf.out.packets, expected, `--bpf '${filter}' keeps what tcpdump keeps`);
    assert.ok(bpf.out.packets < bpf.sent);
    const dns = weir(['sessions', '--db', join(dir, 'bpf.duckdb'), '--json', '--fields', 'id', '--expression', 'port.dst == 53 && ip.protocol == 17']);
    assert.equal(dns.stdout.trim(), '', 'no DNS session was stored');

    // A bad filter is refused with libpcap's message.
    const bad = weir(['capture', '-i', 'lo', '--bpf', 'port 99999999', '--db', join(dir, 'bad.duckdb')]);
    assert.equal(bad.status, 2);
    assert.match(bad.stderr, /bad filter: .*port/);
  } finally {
    v.remove();
    cleanup();
  }
});

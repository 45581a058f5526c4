// Memory per active session: feeds the pipeline connections that stay open (TCP handshake, then
// an HTTP request, so parser state exists; every fourth one a DNS query instead) and reports the
// resident memory the session table holds per 100,000 active sessions. Run with --expose-gc
// (npm run bench:memory). Usage: node --expose-gc dist/bench/memory/run.js [SESSIONS=500000] [--no-parsers]
import { Pipeline } from '../../src/ingest/pipeline.js';
import { RawPacket } from '../../src/pcap/raw-packet.js';
import { DEFAULT_SESSION_CONFIG } from '../../src/session/timeouts.js';
import { ethernet, ipv4, tcp, udp, TCP_FLAGS as T } from '../../src/pcap/frame-builder.js';

const args = process.argv.slice(2);
const parsers = !args.includes('--no-parsers');
const total = Number(args.find((a) => /^\d+$/.test(a)) ?? 500_000);
const step = 100_000;
const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) {
  console.error('run with node --expose-gc');
  process.exit(2);
}

function rssMb(): number {
  gc!();
  gc!();
  return process.memoryUsage().rss / 1e6;
}

const pipeline = new Pipeline({ node: 'bench', fileName: () => 'memory' }, { ...DEFAULT_SESSION_CONFIG, parsers });
const raw = new RawPacket();
let tsUs = Date.UTC(2026, 0, 1) * 1000;
let pos = 24;

function feed(frame: Buffer): void {
  raw.data = frame;
  raw.off = 0;
  raw.caplen = raw.origlen = frame.length;
  raw.tsUs = tsUs += 1;
  raw.filePos = pos;
  pos += 16 + frame.length;
  raw.index = 2;
  pipeline.packet(raw);
}

const request = Buffer.from('GET /index.html HTTP/1.1\r\nHost: www.example.com\r\nUser-Agent: bench/1.0\r\nAccept: */*\r\n\r\n');
const query = Buffer.from('12340100000100000000000003777777076578616d706c6503636f6d0000010001', 'hex');

function open(i: number): void {
  const client = `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`;
  const server = '192.0.2.80';
  const sport = 1024 + (i % 60000);
  // Frames as a router's link carries them: the reply goes back between the same two MACs, swapped.
  const up = (p: Buffer) => ethernet('02:00:00:00:00:01', '02:00:00:00:00:02', 0x0800, p);
  const down = (p: Buffer) => ethernet('02:00:00:00:00:02', '02:00:00:00:00:01', 0x0800, p);
  if (i % 4 === 3) {
    feed(up(ipv4({ src: client, dst: '192.0.2.53', proto: 17 }, udp(sport, 53, query))));
    return;
  }
  feed(up(ipv4({ src: client, dst: server, proto: 6 }, tcp({ sport, dport: 80, seq: 100, flags: T.SYN }))));
  feed(down(ipv4({ src: server, dst: client, proto: 6 }, tcp({ sport: 80, dport: sport, seq: 500, ack: 101, flags: T.SYN | T.ACK }))));
  feed(up(ipv4({ src: client, dst: server, proto: 6 }, tcp({ sport, dport: 80, seq: 101, ack: 501, flags: T.ACK | T.PSH }, request))));
}

const base = rssMb();
console.log(`baseline RSS ${base.toFixed(0)} MB`);
console.log(`${'active sessions'.padStart(16)} ${'RSS MB'.padStart(8)} ${'MB per 100k'.padStart(12)}`);
let perStep = 0;
for (let n = 0; n < total;) {
  for (const end = n + step; n < end; n++) open(n);
  const rss = rssMb();
  perStep = ((rss - base) * step) / pipeline.tracker.active;
  console.log(`${String(pipeline.tracker.active).padStart(16)} ${rss.toFixed(0).padStart(8)} ${perStep.toFixed(1).padStart(12)}`);
}
console.log(`\nRSS per 100,000 active sessions: ${perStep.toFixed(1)} MB (target ≤ 100)`);

// Memory per active session: feeds the pipeline connections that stay open (TCP handshake, then
// an HTTP request, so parser state exists; every fourth one a DNS query instead) and reports the
// resident memory the session table holds per 100,000 active sessions. With --tls the connections
// are HTTPS instead: a browser-like ClientHello (random, session id, 16 suites, SNI of one of 1,000
// hosts, ALPN, groups, key share) and the server's ServerHello. Run with --expose-gc
// (npm run bench:memory). Usage: node --expose-gc dist/bench/memory/run.js [SESSIONS=500000] [--no-parsers] [--tls]
import { Pipeline } from '../../src/ingest/pipeline.js';
import { RawPacket } from '../../src/pcap/raw-packet.js';
import { DEFAULT_SESSION_CONFIG } from '../../src/session/timeouts.js';
import { ethernet, ipv4, tcp, udp, TCP_FLAGS as T } from '../../src/pcap/frame-builder.js';

const args = process.argv.slice(2);
const parsers = !args.includes('--no-parsers');
const tls = args.includes('--tls');
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
/** A TLS record of one handshake message. */
function handshake(type: number, body: Buffer): Buffer {
  const hs = Buffer.concat([Buffer.from([type, 0, body.length >> 8, body.length & 0xff]), body]);
  return Buffer.concat([Buffer.from([0x16, 3, 1, hs.length >> 8, hs.length & 0xff]), hs]);
}

function ext(type: number, data: Buffer): Buffer {
  return Buffer.concat([Buffer.from([type >> 8, type & 0xff, data.length >> 8, data.length & 0xff]), data]);
}

const u16s = (...v: number[]) => Buffer.from(v.flatMap((x) => [x >> 8, x & 0xff]));
const SUITES = u16s(0x1301, 0x1302, 0x1303, 0xc02b, 0xc02f, 0xc02c, 0xc030, 0xcca9, 0xcca8, 0xc013, 0xc014, 0x009c, 0x009d, 0x002f, 0x0035, 0x00ff);

function clientHello(i: number): Buffer {
  const host = Buffer.from(`host${i % 1000}.example.com`);
  const exts = Buffer.concat([
    ext(0, Buffer.concat([u16s(host.length + 3), Buffer.from([0]), u16s(host.length), host])),
    ext(10, u16s(6, 29, 23, 24)),
    ext(11, Buffer.from([1, 0])),
    ext(16, Buffer.concat([u16s(12), Buffer.from([2]), Buffer.from('h2'), Buffer.from([8]), Buffer.from('http/1.1')])),
    ext(13, u16s(8, 0x0403, 0x0804, 0x0401, 0x0503)),
    ext(43, Buffer.from([4, 3, 4, 3, 3])),
    ext(51, Buffer.concat([u16s(36, 29, 32), Buffer.alloc(32, i & 255)])),
  ]);
  const random = Buffer.alloc(32);
  random.writeUInt32BE(i);
  const body = Buffer.concat([Buffer.from([3, 3]), random, Buffer.from([32]), Buffer.alloc(32, (i * 7) & 255), u16s(SUITES.length), SUITES, Buffer.from([1, 0]), u16s(exts.length), exts]);
  return handshake(1, body);
}

const serverHello = handshake(2, Buffer.concat([Buffer.from([3, 3]), Buffer.alloc(32, 9), Buffer.from([0]), u16s(0x1301), Buffer.from([0]), u16s(46), ext(43, u16s(0x0304)), ext(51, Buffer.concat([u16s(29, 32), Buffer.alloc(32, 3)]))]));

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
  const port = tls ? 443 : 80;
  feed(up(ipv4({ src: client, dst: server, proto: 6 }, tcp({ sport, dport: port, seq: 100, flags: T.SYN }))));
  feed(down(ipv4({ src: server, dst: client, proto: 6 }, tcp({ sport: port, dport: sport, seq: 500, ack: 101, flags: T.SYN | T.ACK }))));
  if (!tls) {
    feed(up(ipv4({ src: client, dst: server, proto: 6 }, tcp({ sport, dport: port, seq: 101, ack: 501, flags: T.ACK | T.PSH }, request))));
    return;
  }
  const hello = clientHello(i);
  feed(up(ipv4({ src: client, dst: server, proto: 6 }, tcp({ sport, dport: port, seq: 101, ack: 501, flags: T.ACK | T.PSH }, hello))));
  feed(down(ipv4({ src: server, dst: client, proto: 6 }, tcp({ sport: port, dport: sport, seq: 501, ack: 101 + hello.length, flags: T.ACK | T.PSH }, serverHello))));
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

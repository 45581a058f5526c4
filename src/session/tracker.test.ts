// Session semantics on packets built in code: direction, timeouts, close, segments, accounting.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Pipeline } from '../ingest/pipeline.js';
import { RawPacket } from '../pcap/raw-packet.js';
import { arpFrame, ethernet, ipv4, tcp, udp, vlanTag, TCP_FLAGS as F } from '../pcap/frame-builder.js';
import { DEFAULT_SESSION_CONFIG, type SessionConfig } from './timeouts.js';
import { recordDoc, type SessionDoc } from './record.js';
import { allFields } from '../fields/catalogue.js';

const A = '00:00:00:00:00:0a';
const B = '00:00:00:00:00:0b';
const T0 = 1_700_000_000_000_000;

function run(frames: { t: number; data: Buffer }[], config: Partial<SessionConfig> = {}): SessionDoc[] {
  const p = new Pipeline({ node: 'n', fileName: () => 'f.pcap' }, { ...DEFAULT_SESSION_CONFIG, ...config });
  p.fileId = 1;
  const raw = new RawPacket();
  let pos = 24;
  frames.forEach((f, i) => {
    raw.data = f.data;
    raw.off = 0;
    raw.caplen = raw.origlen = f.data.length;
    raw.tsUs = T0 + f.t * 1e6;
    raw.filePos = pos;
    raw.index = i + 1;
    pos += 16 + f.data.length;
    p.packet(raw);
  });
  return [...p.drain(), ...p.finish()].map(recordDoc).sort((a, b) => Number(a.firstPacket) - Number(b.firstPacket) || Number(a['session.segments']) - Number(b['session.segments']));
}

const c2s = (o: Parameters<typeof tcp>[0], payload?: Buffer) => ethernet(A, B, 0x0800, ipv4({ src: '10.0.0.1', dst: '10.0.0.2', proto: 6, ttl: 64 }, tcp(o, payload)));
const s2c = (o: Parameters<typeof tcp>[0], payload?: Buffer) => ethernet(B, A, 0x0800, ipv4({ src: '10.0.0.2', dst: '10.0.0.1', proto: 6, ttl: 50 }, tcp(o, payload)));

function handshake(t: number, sport = 40000) {
  return [
    { t, data: c2s({ sport, dport: 80, seq: 1000, flags: F.SYN }) },
    { t: t + 0.010, data: s2c({ sport: 80, dport: sport, seq: 5000, ack: 1001, flags: F.SYN | F.ACK }) },
    { t: t + 0.020, data: c2s({ sport, dport: 80, seq: 1001, ack: 5001, flags: F.ACK }) },
  ];
}

test('a TCP connection: direction from the SYN, counters, flags, ISNs, initRTT', () => {
  const [s] = run([
    ...handshake(0),
    { t: 0.03, data: c2s({ sport: 40000, dport: 80, seq: 1001, ack: 5001, flags: F.ACK | F.PSH }, Buffer.from('GET / HTTP/1.0\r\n\r\n')) },
    { t: 0.04, data: c2s({ sport: 40000, dport: 80, seq: 1001, ack: 5001, flags: F.ACK | F.PSH }, Buffer.from('GET / HTTP/1.0\r\n\r\n')) }, // retransmission
    { t: 0.05, data: s2c({ sport: 80, dport: 40000, seq: 5001, ack: 1019, flags: F.ACK }, Buffer.alloc(100)) },
  ]);
  assert.equal(s['ip.src'], '10.0.0.1');
  assert.equal(s['port.dst'], 80);
  assert.deepEqual([s['packets.src'], s['packets.dst']], [4, 2]);
  assert.deepEqual([s['databytes.src'], s['databytes.dst']], [18, 100], 'the retransmitted request counts once');
  assert.deepEqual([s['tcpflags.syn'], s['tcpflags.syn-ack'], s['tcpflags.ack'], s['tcpflags.psh']], [1, 1, 2, 2]);
  assert.deepEqual([s['tcpseq.src'], s['tcpseq.dst']], [1000, 5000]);
  assert.equal(s.initRTT, 10);
  assert.deepEqual(s['ttl.src'], [64]);
  assert.deepEqual(s['ttl.dst'], [50]);
  assert.deepEqual(s['mac.src'], ['00:00:00:00:00:0a']);
  assert.equal(s.communityId, '1:' + s.communityId!.toString().slice(2));
  assert.deepEqual((s.packetPos as number[]).slice(0, 2), [-1, 24]);
  assert.equal((s.packetLen as number[]).length, (s.packetPos as number[]).length);
  assert.equal((s.packetLen as number[])[1], 16 + 54);
  // Every core field of the catalogue is filled for a TCP session: the record forgets none.
  const core = ['general', 'tcp', 'icmp', 'positions'];
  assert.deepEqual(allFields().filter((f) => core.includes(f.group) && s[f.exp] === undefined).map((f) => f.exp), []);
});

test('a SYN-ACK seen first makes its receiver the source', () => {
  const [s] = run([{ t: 0, data: s2c({ sport: 80, dport: 40000, seq: 5000, ack: 1001, flags: F.SYN | F.ACK }) }]);
  assert.equal(s['ip.src'], '10.0.0.1');
  assert.equal(s['packets.dst'], 1);
});

test('after FIN both ways a new SYN on the same ports starts a new session; RST closes too', () => {
  const close = [
    { t: 1, data: c2s({ sport: 40000, dport: 80, seq: 1001, flags: F.FIN | F.ACK }) },
    { t: 1.01, data: s2c({ sport: 80, dport: 40000, seq: 5001, flags: F.FIN | F.ACK }) },
  ];
  const sessions = run([...handshake(0), ...close, { t: 2, data: c2s({ sport: 40000, dport: 80, seq: 9000, flags: F.SYN }) }]);
  assert.equal(sessions.length, 2);
  assert.equal(sessions[1]['tcpseq.src'], 9000);
  const rst = run([...handshake(0), { t: 1, data: s2c({ sport: 80, dport: 40000, seq: 5001, flags: F.RST }) }, { t: 10, data: c2s({ sport: 40000, dport: 80, seq: 1001, flags: F.ACK }) }]);
  assert.equal(rst.length, 2, 'a packet after the 5 s closing timeout belongs to a new session');
});

test('idle timeouts per protocol, driven by packet time', () => {
  const dns = (t: number) => ({ t, data: ethernet(A, B, 0x0800, ipv4({ src: '10.0.0.1', dst: '10.0.0.53', proto: 17 }, udp(5353, 53, Buffer.from('q')))) });
  const other = (t: number) => ({ t, data: ethernet(A, B, 0x0800, ipv4({ src: '10.0.0.7', dst: '10.0.0.8', proto: 17 }, udp(1, 2, Buffer.from('x')))) });
  assert.equal(run([dns(0), other(30), dns(50)]).filter((s) => s['port.dst'] === 53).length, 1);
  assert.equal(run([dns(0), other(70), dns(71)]).filter((s) => s['port.dst'] === 53).length, 2);
  assert.equal(run([dns(0), other(20), dns(21)], { udpTimeout: 10 }).filter((s) => s['port.dst'] === 53).length, 2);
});

test('a session over the packet limit is saved in linked segments that share a rootId', () => {
  const frames = [...handshake(0)];
  for (let i = 0; i < 7; i++) frames.push({ t: 1 + i, data: c2s({ sport: 40000, dport: 80, seq: 1001 + i, flags: F.ACK | F.PSH }, Buffer.from('a')) });
  const segs = run(frames, { maxPackets: 4 });
  assert.deepEqual(segs.map((s) => s.packets), [4, 4, 2]);
  assert.deepEqual(segs.map((s) => s['session.segments']), [1, 2, 3]);
  assert.equal(new Set(segs.map((s) => s.rootId)).size, 1);
  assert.equal(segs[0].rootId, segs[0].id);
  assert.equal(segs.reduce((n, s) => n + Number(s.databytes), 0), 7);
});

test('802.1ad service VLANs key sessions; 802.1Q tags alone do not split a flow', () => {
  const q = (id: number, tpid: number, src: string, dst: string) => {
    const ports = src === '1.1.1.1' ? [1000, 2000] : [2000, 1000];
    const t = vlanTag(id, 0x0800, ipv4({ src, dst, proto: 17 }, udp(ports[0], ports[1], Buffer.from('v'))), tpid);
    return ethernet(A, B, t.type, t.payload);
  };
  assert.equal(run([{ t: 0, data: q(10, 0x8100, '1.1.1.1', '2.2.2.2') }, { t: 1, data: q(20, 0x8100, '2.2.2.2', '1.1.1.1') }]).length, 1);
  assert.equal(run([{ t: 0, data: q(10, 0x88a8, '1.1.1.1', '2.2.2.2') }, { t: 1, data: q(20, 0x88a8, '2.2.2.2', '1.1.1.1') }]).length, 2);
  const merged = run([{ t: 0, data: q(10, 0x8100, '1.1.1.1', '2.2.2.2') }, { t: 1, data: q(20, 0x8100, '2.2.2.2', '1.1.1.1') }])[0];
  assert.deepEqual((merged.vlan as number[]).sort(), [10, 20]);
});

test('a fragment whose datagram never completes is still accounted, with its ports', () => {
  const first = ethernet(A, B, 0x0800, ipv4({ src: '10.0.0.1', dst: '10.0.0.2', proto: 17, id: 5, more: true }, udp(1111, 53, Buffer.alloc(32)).subarray(0, 24)));
  const [s] = run([{ t: 0, data: first }]);
  assert.deepEqual([s['port.src'], s['port.dst'], s.packets], [1111, 53, 1]);
});

test('ARP request and reply form one session about the resolved address', () => {
  const s = run([
    { t: 0, data: arpFrame(1, A, '10.0.0.2', '10.0.0.1', 'ff:ff:ff:ff:ff:ff') },
    { t: 0.001, data: arpFrame(2, B, '10.0.0.1', '10.0.0.2', A) },
  ]);
  assert.equal(s.length, 1);
  assert.deepEqual(s[0].protocols, ['arp']);
  assert.equal(s[0]['packets.src'], 2);
});

// Layer decoders on raw bytes, one case per encapsulation.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DecodeContext } from './context.js';
import { Result, Tunnel } from './decoded.js';
import { linkDecoder } from './link.js';
import { ipToString } from '../session/ip-format.js';
import { ethernet, icmp, ipv4, ipv6, tcp, udp, vlanTag, TCP_FLAGS } from '../pcap/frame-builder.js';

function decode(frame: Buffer, linktype = 1, c = new DecodeContext()) {
  c.d.reset();
  const r = linkDecoder(linktype)!(c, frame, 0, frame.length);
  const d = c.d;
  return { r, d, src: ipToString(d.ipVersion, d.src), dst: ipToString(d.ipVersion, d.dst) };
}

const A = '00:00:00:00:00:0a';
const B = '00:00:00:00:00:0b';
const seg = tcp({ sport: 1234, dport: 80, seq: 100, flags: TCP_FLAGS.SYN });
const v4 = ipv4({ src: '10.0.0.1', dst: '10.0.0.2', proto: 6, ttl: 61 }, seg);

test('Ethernet / IPv4 / TCP', () => {
  const { r, d, src, dst } = decode(ethernet(A, B, 0x0800, v4));
  assert.equal(r, Result.Ip);
  assert.equal(src, '10.0.0.1');
  assert.equal(dst, '10.0.0.2');
  assert.deepEqual([d.sport, d.dport, d.tcpSeq, d.tcpFlags, d.ttl, d.ethertype], [1234, 80, 100, TCP_FLAGS.SYN, 61, 0x0800]);
  assert.equal(d.macSrc, 0x0a);
  assert.equal(d.macDst, 0x0b);
});

test('Ethernet padding does not count as payload (UDP, IP length rules)', () => {
  const pkt = ipv4({ src: '1.1.1.1', dst: '2.2.2.2', proto: 17 }, udp(5000, 53, Buffer.from('x')));
  const frame = Buffer.concat([ethernet(A, B, 0x0800, pkt), Buffer.alloc(20)]);
  const { d } = decode(frame);
  assert.equal(d.dataLen, 1);
});

test('802.1Q and QinQ (802.1ad) tags', () => {
  const inner = vlanTag(20, 0x0800, v4);
  const outer = vlanTag(300, inner.type, inner.payload, 0x88a8);
  const { r, d } = decode(ethernet(A, B, outer.type, outer.payload));
  assert.equal(r, Result.Ip);
  assert.deepEqual([...d.vlans.subarray(0, d.vlanCount)], [300, 20]);
  assert.deepEqual([...d.vlanTpids.subarray(0, d.vlanCount)], [0x88a8, 0x8100]);
});

test('MPLS label stack', () => {
  const labels = Buffer.from([0x00, 0x01, 0x00, 0x40, 0x00, 0x02, 0x01, 0x40]); // two labels, bottom-of-stack on the 2nd
  const { r, src, d } = decode(ethernet(A, B, 0x8847, Buffer.concat([labels, v4])));
  assert.equal(r, Result.Ip);
  assert.equal(src, '10.0.0.1');
  assert.ok(d.tunnels & Tunnel.Mpls);
});

test('PPPoE session with PPP/IPv4', () => {
  const ppp = Buffer.concat([Buffer.from([0x00, 0x21]), v4]);
  const h = Buffer.from([0x11, 0x00, 0x00, 0x01, 0, 0]);
  h.writeUInt16BE(ppp.length, 4);
  const { r, d } = decode(ethernet(A, B, 0x8864, Buffer.concat([h, ppp])));
  assert.equal(r, Result.Ip);
  assert.ok(d.tunnels & Tunnel.Pppoe);
  assert.equal(d.dport, 80);
});

const outer = (proto: number, payload: Buffer) => ipv4({ src: '192.0.2.1', dst: '192.0.2.2', proto }, payload);

test('GRE carrying IPv4: the inner flow keys the session, the outer addresses are kept', () => {
  const gre = Buffer.concat([Buffer.from([0x00, 0x00, 0x08, 0x00]), v4]);
  const { r, d, src } = decode(ethernet(A, B, 0x0800, outer(47, gre)));
  assert.equal(r, Result.Ip);
  assert.equal(src, '10.0.0.1');
  assert.equal(ipToString(d.outerIpVersion, d.outerSrc), '192.0.2.1');
  assert.ok(d.tunnels & Tunnel.Gre);
});

test('ERSPAN type II in GRE carries a whole Ethernet frame', () => {
  const erspan = Buffer.alloc(8);
  const gre = Buffer.concat([Buffer.from([0x10, 0x00, 0x88, 0xbe, 0, 0, 0, 1]), erspan, ethernet('00:00:00:00:00:01', '00:00:00:00:00:02', 0x0800, v4)]);
  const { r, d, src } = decode(ethernet(A, B, 0x0800, outer(47, gre)));
  assert.equal(r, Result.Ip);
  assert.equal(src, '10.0.0.1');
  assert.ok(d.tunnels & Tunnel.Erspan);
  assert.equal(d.macSrc, 1);
  assert.equal(d.outerMacSrc, 0x0a);
});

test('VXLAN, VXLAN-GPE, Geneve and GTP-U over UDP', () => {
  const innerEth = ethernet('00:00:00:00:00:01', '00:00:00:00:00:02', 0x0800, v4);
  const vx = Buffer.from([0x08, 0, 0, 0, 0, 0x01, 0x02, 0]);
  let x = decode(ethernet(A, B, 0x0800, outer(17, udp(40000, 4789, Buffer.concat([vx, innerEth])))));
  assert.equal(x.r, Result.Ip);
  assert.equal(x.src, '10.0.0.1');
  assert.equal(x.d.vni, 0x0102);
  assert.ok(x.d.tunnels & Tunnel.Vxlan);

  const gpe = Buffer.from([0x0c, 0, 0, 0x01, 0, 0, 0x07, 0]);
  x = decode(ethernet(A, B, 0x0800, outer(17, udp(40000, 4790, Buffer.concat([gpe, v4])))));
  assert.equal(x.src, '10.0.0.1');
  assert.ok(x.d.tunnels & Tunnel.VxlanGpe);

  const gen = Buffer.from([0x00, 0x00, 0x65, 0x58, 0, 0, 0x09, 0]);
  x = decode(ethernet(A, B, 0x0800, outer(17, udp(40000, 6081, Buffer.concat([gen, innerEth])))));
  assert.equal(x.src, '10.0.0.1');
  assert.equal(x.d.vni, 9);

  const gtp = Buffer.from([0x30, 0xff, 0, 0, 0, 0, 0, 1]);
  gtp.writeUInt16BE(v4.length, 2);
  x = decode(ethernet(A, B, 0x0800, outer(17, udp(2152, 2152, Buffer.concat([gtp, v4])))));
  assert.equal(x.src, '10.0.0.1');
  assert.ok(x.d.tunnels & Tunnel.Gtp);
});

test('IP-in-IP and 6in4', () => {
  let x = decode(ethernet(A, B, 0x0800, outer(4, v4)));
  assert.equal(x.src, '10.0.0.1');
  assert.ok(x.d.tunnels & Tunnel.IpInIp);
  const v6 = ipv6({ src: '2001:db8::1', dst: '2001:db8::2', next: 17 }, udp(1, 2, Buffer.from('hi')));
  x = decode(ethernet(A, B, 0x0800, outer(41, v6)));
  assert.equal(x.src, '2001:db8::1');
  assert.ok(x.d.tunnels & Tunnel.SixInFour);
});

test('IPv6 extension headers are walked to the transport', () => {
  const hop = Buffer.from([43, 0, 0, 0, 0, 0, 0, 0]); // hop-by-hop -> routing
  const rt = Buffer.from([60, 0, 0, 0, 0, 0, 0, 0]); // routing -> destination options
  const dopt = Buffer.from([17, 0, 0, 0, 0, 0, 0, 0]); // destination options -> UDP
  const pkt = ipv6({ src: 'fe80::1', dst: 'ff02::1', next: 0, hopLimit: 1 }, Buffer.concat([hop, rt, dopt, udp(546, 547, Buffer.from('abcd'))]));
  const { r, d } = decode(ethernet(A, B, 0x86dd, pkt));
  assert.equal(r, Result.Ip);
  assert.deepEqual([d.ipProto, d.sport, d.dport, d.dataLen, d.ttl], [17, 546, 547, 4, 1]);
});

test('IPv4 fragments reassemble out of order; the first copy of an overlap wins', () => {
  const payload = udp(7000, 7001, Buffer.alloc(40, 0x61));
  const c = new DecodeContext();
  const frag = (off: number, len: number, more: boolean, fill?: number) => {
    const part = fill === undefined ? payload.subarray(off, off + len) : Buffer.alloc(len, fill);
    return ethernet(A, B, 0x0800, ipv4({ src: '10.1.1.1', dst: '10.1.1.2', proto: 17, id: 77, fragOffset: off, more }, part));
  };
  assert.equal(decode(frag(24, 24, false), 1, c).r, Result.Fragment);
  assert.equal(decode(frag(0, 16, true), 1, c).r, Result.Fragment);
  assert.equal(decode(frag(8, 8, true, 0x7a), 1, c).r, Result.Fragment); // overlaps 8..16: ignored, the first copy wins
  assert.equal(c.frags.size, 1);
  const x = decode(frag(16, 8, true), 1, c);
  assert.equal(x.r, Result.Ip);
  assert.deepEqual([x.d.sport, x.d.dport, x.d.dataLen], [7000, 7001, 40]);
  assert.equal(x.d.buf[8 + 8], 0x61, 'bytes 8..16 come from the first fragment that carried them');
  assert.equal(c.frags.completed.length, 4);
  assert.equal(c.frags.size, 0);
});

test('IPv6 fragment header reassembly', () => {
  const payload = udp(9, 10, Buffer.alloc(24, 1));
  const c = new DecodeContext();
  const frag = (off: number, more: boolean, part: Buffer) => {
    const fh = Buffer.from([17, 0, 0, 0, 0, 0, 0, 5]);
    fh.writeUInt16BE(off | (more ? 1 : 0), 2);
    return ethernet(A, B, 0x86dd, ipv6({ src: '2001:db8::a', dst: '2001:db8::b', next: 44 }, Buffer.concat([fh, part])));
  };
  assert.equal(decode(frag(0, true, payload.subarray(0, 16)), 1, c).r, Result.Fragment);
  const x = decode(frag(16, false, payload.subarray(16)), 1, c);
  assert.equal(x.r, Result.Ip);
  assert.deepEqual([x.d.sport, x.d.dport, x.d.dataLen], [9, 10, 24]);
});

test('Linux cooked v1 and v2, BSD loopback, raw IP', () => {
  const sll = Buffer.alloc(16);
  sll.writeUInt16BE(0x0800, 14);
  assert.equal(decode(Buffer.concat([sll, v4]), 113).src, '10.0.0.1');
  const sll2 = Buffer.alloc(20);
  sll2.writeUInt16BE(0x0800, 0);
  assert.equal(decode(Buffer.concat([sll2, v4]), 276).src, '10.0.0.1');
  assert.equal(decode(Buffer.concat([Buffer.from([2, 0, 0, 0]), v4]), 0).src, '10.0.0.1');
  assert.equal(decode(Buffer.concat([Buffer.from([0, 0, 0, 2]), v4]), 108).src, '10.0.0.1');
  assert.equal(decode(v4, 101).src, '10.0.0.1');
  assert.equal(decode(v4, 228).src, '10.0.0.1');
  // Linux ARCNET: RFC 1201 (split flag and sequence) and RFC 1051 framings.
  assert.equal(decode(Buffer.concat([Buffer.from([0xbe, 0, 0xea, 0x08, 0xd4, 0, 1, 0x65]), v4]), 129).src, '10.0.0.1');
  assert.equal(decode(Buffer.concat([Buffer.from([0xbe, 0, 0xed, 0x08, 0xf0]), v4]), 129).src, '10.0.0.1');
});

test('802.11 data frame behind radiotap, with LLC/SNAP', () => {
  const rt = Buffer.from([0, 0, 8, 0, 0, 0, 0, 0]);
  const wlan = Buffer.alloc(24);
  wlan[0] = 0x08; // data frame
  wlan[1] = 0x01; // to DS
  const snap = Buffer.from([0xaa, 0xaa, 0x03, 0, 0, 0, 0x08, 0x00]);
  const { r, src } = decode(Buffer.concat([rt, wlan, snap, v4]), 127);
  assert.equal(r, Result.Ip);
  assert.equal(src, '10.0.0.1');
});

test('PPP link type and ICMP', () => {
  const ping = ipv4({ src: '10.9.9.9', dst: '10.8.8.8', proto: 1 }, icmp(8, 0));
  const { r, d } = decode(Buffer.concat([Buffer.from([0xff, 0x03, 0x00, 0x21]), ping]), 9);
  assert.equal(r, Result.Ip);
  assert.deepEqual([d.icmpType, d.icmpCode], [8, 0]);
});

test('ARP and unknown ethertypes are non-IP; truncated headers are corrupt, never thrown', () => {
  assert.equal(decode(ethernet(A, B, 0x0806, Buffer.alloc(28))).r, Result.NonIp);
  assert.equal(decode(ethernet(A, B, 0x88b5, Buffer.alloc(10))).r, Result.NonIp);
  const full = ethernet(A, B, 0x0800, v4);
  for (let n = 0; n < full.length; n++) {
    const { r } = decode(full.subarray(0, n));
    if (n < 14 + 20 + 20) assert.equal(r, Result.Corrupt, `cut at ${n}`);
  }
});

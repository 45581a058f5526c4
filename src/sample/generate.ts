// Sample traffic made by the project itself, for the quick start and demos: a small office's
// few minutes of DNS, web, mail, ping, ARP, a VLAN and a GRE tunnel, plus one fragmented datagram.
import { writeFileSync } from 'node:fs';
import { arpFrame, ethernet, icmp, ipv4, ipv6, pcapFile, tcp, udp, vlanTag, TCP_FLAGS as F, type Frame } from '../pcap/frame-builder.js';

const GW = '02:42:ac:11:00:01';
const HOSTS = ['02:42:ac:11:00:10', '02:42:ac:11:00:11', '02:42:ac:11:00:12', '02:42:ac:11:00:13'];

function dnsQuery(id: number, name: string): Buffer {
  const labels = name.split('.').map((l) => Buffer.concat([Buffer.from([l.length]), Buffer.from(l)]));
  const h = Buffer.alloc(12);
  h.writeUInt16BE(id, 0);
  h.writeUInt16BE(0x0100, 2);
  h.writeUInt16BE(1, 4);
  return Buffer.concat([h, ...labels, Buffer.from([0, 0, 1, 0, 1])]);
}

export function sampleFrames(startUs = Date.UTC(2026, 10, 23, 9, 0, 0) * 1000): Frame[] {
  const frames: Frame[] = [];
  let t = startUs;
  const at = (dtMs: number) => (t += Math.round(dtMs * 1000));
  const push = (data: Buffer) => frames.push({ tsUs: t, data });
  const names = ['www.example.com', 'mail.example.org', 'updates.vendor.net', 'intranet.corp.local', 'cdn.example.com'];
  for (let i = 0; i < 40; i++) {
    const h = i % HOSTS.length;
    const ip = `192.168.10.${10 + h}`;
    const server = `203.0.113.${20 + (i % 7)}`;
    const sport = 49152 + i * 7;
    // DNS lookup and answer.
    at(150 + (i % 5) * 40);
    const q = dnsQuery(0x1000 + i, names[i % names.length]);
    push(ethernet(HOSTS[h], GW, 0x0800, ipv4({ src: ip, dst: '192.168.10.1', proto: 17, ttl: 64 }, udp(sport, 53, q))));
    at(2 + (i % 3));
    push(ethernet(GW, HOSTS[h], 0x0800, ipv4({ src: '192.168.10.1', dst: ip, proto: 17, ttl: 64 }, udp(53, sport, Buffer.concat([q, Buffer.alloc(16, 0xc0)])))));
    // A web connection: handshake, request, response, close.
    const dport = i % 3 === 0 ? 443 : 80;
    type Seg = { seq: number; ack?: number; flags: number };
    const c = (o: Seg, p?: Buffer) => push(ethernet(HOSTS[h], GW, 0x0800, ipv4({ src: ip, dst: server, proto: 6, ttl: 64 }, tcp({ ...o, sport: sport + 1, dport }, p))));
    const s = (o: Seg, p?: Buffer) => push(ethernet(GW, HOSTS[h], 0x0800, ipv4({ src: server, dst: ip, proto: 6, ttl: 52 }, tcp({ ...o, sport: dport, dport: sport + 1 }, p))));
    const isn = 100000 * (i + 1);
    at(5); c({ seq: isn, flags: F.SYN });
    at(18 + (i % 4)); s({ seq: 7000 + i, ack: isn + 1, flags: F.SYN | F.ACK });
    at(1); c({ seq: isn + 1, ack: 7001 + i, flags: F.ACK });
    const req = Buffer.from(`GET /page/${i} HTTP/1.1\r\nHost: ${names[i % names.length]}\r\nUser-Agent: weir-sample/1.0\r\n\r\n`);
    at(1); c({ seq: isn + 1, ack: 7001 + i, flags: F.ACK | F.PSH }, req);
    const body = Buffer.alloc(600 + (i % 9) * 100, 0x41 + (i % 26));
    at(25); s({ seq: 7001 + i, ack: isn + 1 + req.length, flags: F.ACK | F.PSH }, Buffer.concat([Buffer.from('HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n'), body]));
    at(1); c({ seq: isn + 1 + req.length, ack: 7001 + i + body.length + 44, flags: F.ACK });
    at(30); c({ seq: isn + 1 + req.length, ack: 7001 + i + body.length + 44, flags: F.FIN | F.ACK });
    at(15); s({ seq: 7001 + i + body.length + 44, ack: isn + 2 + req.length, flags: F.FIN | F.ACK });
    at(1); c({ seq: isn + 2 + req.length, ack: 7002 + i + body.length + 44, flags: F.ACK });
    if (i % 8 === 0) {
      // A ping to the gateway and its reply.
      at(100); push(ethernet(HOSTS[h], GW, 0x0800, ipv4({ src: ip, dst: '192.168.10.1', proto: 1 }, icmp(8, 0, Buffer.alloc(56, i)))));
      at(1); push(ethernet(GW, HOSTS[h], 0x0800, ipv4({ src: '192.168.10.1', dst: ip, proto: 1 }, icmp(0, 0, Buffer.alloc(56, i)))));
    }
  }
  // ARP for the gateway.
  at(50); push(arpFrame(1, HOSTS[0], '192.168.10.10', '192.168.10.1', 'ff:ff:ff:ff:ff:ff'));
  at(1); push(arpFrame(2, GW, '192.168.10.1', '192.168.10.10', HOSTS[0]));
  // Syslog on VLAN 30.
  for (let i = 0; i < 6; i++) {
    at(400);
    const v = vlanTag(30, 0x0800, ipv4({ src: '10.30.0.5', dst: '10.30.0.2', proto: 17 }, udp(514, 514, Buffer.from(`<134>sample log line ${i}`))));
    push(ethernet(HOSTS[3], GW, v.type, v.payload));
  }
  // A GRE tunnel carrying an inner TCP connection attempt.
  const inner = ipv4({ src: '172.16.5.5', dst: '172.16.9.9', proto: 6 }, tcp({ sport: 33000, dport: 22, seq: 42, flags: F.SYN }));
  at(80); push(ethernet(HOSTS[2], GW, 0x0800, ipv4({ src: '192.168.10.12', dst: '198.51.100.77', proto: 47 }, Buffer.concat([Buffer.from([0, 0, 0x08, 0]), inner]))));
  // An IPv6 DNS query and a fragmented UDP datagram.
  at(60); push(ethernet(HOSTS[1], GW, 0x86dd, ipv6({ src: 'fd00::11', dst: 'fd00::1', next: 17 }, udp(50000, 53, dnsQuery(0x2222, 'ipv6.example.com')))));
  const big = udp(40404, 5004, Buffer.alloc(2400, 0x5a));
  for (let off = 0; off < big.length; off += 1480) {
    at(1);
    push(ethernet(HOSTS[0], GW, 0x0800, ipv4({ src: '192.168.10.10', dst: '198.51.100.5', proto: 17, id: 4242, fragOffset: off, more: off + 1480 < big.length }, big.subarray(off, off + 1480))));
  }
  return frames;
}

export function writeSample(path: string, opts: { startMs?: number } = {}): number {
  const frames = sampleFrames(opts.startMs === undefined ? undefined : opts.startMs * 1000);
  writeFileSync(path, pcapFile(frames));
  return frames.length;
}

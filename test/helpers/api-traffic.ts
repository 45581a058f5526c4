// Traffic for the API tests, made here: Weir's sample capture plus a second file holding one HTTP
// exchange whose response is chunked and gzipped and whose request is retransmitted.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { ethernet, ipv4, pcapFile, tcp, TCP_FLAGS as F, type Frame } from '../../src/pcap/frame-builder.js';
import { sampleFrames } from '../../src/sample/generate.js';

export const GZIP_TEXT = 'Hello from a gzipped, chunked response. '.repeat(40);
export const GZIP_CLIENT = '10.77.0.2';

export function writeApiTraffic(dir: string): { sample: string; gzip: string } {
  const sample = join(dir, 'sample.pcap');
  writeFileSync(sample, pcapFile(sampleFrames()));
  const frames: Frame[] = [];
  let t = Date.UTC(2026, 10, 23, 9, 30, 0) * 1000;
  const A = '02:00:00:00:00:01', B = '02:00:00:00:00:02', srv = '10.77.0.9';
  const c = (o: { seq: number; ack?: number; flags: number }, p?: Buffer) => frames.push({ tsUs: (t += 1000), data: ethernet(A, B, 0x0800, ipv4({ src: GZIP_CLIENT, dst: srv, proto: 6 }, tcp({ ...o, sport: 40000, dport: 8080 }, p))) });
  const s = (o: { seq: number; ack?: number; flags: number }, p?: Buffer) => frames.push({ tsUs: (t += 1000), data: ethernet(B, A, 0x0800, ipv4({ src: srv, dst: GZIP_CLIENT, proto: 6 }, tcp({ ...o, sport: 8080, dport: 40000 }, p))) });
  const req = Buffer.from('GET /z HTTP/1.1\r\nHost: gz.example\r\nAccept-Encoding: gzip\r\n\r\n');
  const gz = gzipSync(Buffer.from(GZIP_TEXT));
  const half = Math.floor(gz.length / 2);
  const body = Buffer.concat([
    Buffer.from(`${half.toString(16)}\r\n`), gz.subarray(0, half), Buffer.from('\r\n'),
    Buffer.from(`${(gz.length - half).toString(16)}\r\n`), gz.subarray(half), Buffer.from('\r\n0\r\n\r\n'),
  ]);
  const head = Buffer.from('HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\nTransfer-Encoding: chunked\r\n\r\n');
  const resp = Buffer.concat([head, body]);
  c({ seq: 1000, flags: F.SYN });
  s({ seq: 5000, ack: 1001, flags: F.SYN | F.ACK });
  c({ seq: 1001, ack: 5001, flags: F.ACK });
  c({ seq: 1001, ack: 5001, flags: F.ACK | F.PSH }, req);
  // The same request again: a retransmission the payload view must not show twice.
  c({ seq: 1001, ack: 5001, flags: F.ACK | F.PSH }, req);
  const cut = 40;
  s({ seq: 5001, ack: 1001 + req.length, flags: F.ACK }, resp.subarray(0, cut));
  s({ seq: 5001 + cut, ack: 1001 + req.length, flags: F.ACK | F.PSH }, resp.subarray(cut));
  c({ seq: 1001 + req.length, ack: 5001 + resp.length, flags: F.FIN | F.ACK });
  s({ seq: 5001 + resp.length, ack: 1002 + req.length, flags: F.FIN | F.ACK });
  c({ seq: 1002 + req.length, ack: 5002 + resp.length, flags: F.ACK });
  const gzip = join(dir, 'gzip.pcap');
  writeFileSync(gzip, pcapFile(frames));
  return { sample, gzip };
}

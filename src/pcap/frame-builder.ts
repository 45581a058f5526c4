// Builds frames and capture files byte by byte, for tests and for the bundled sample traffic.
// Checksums are left zero: Weir, like Arkime, does not validate them.

export function mac(s: string): Buffer {
  return Buffer.from(s.split(':').map((h) => parseInt(h, 16)));
}

export function ipv4Bytes(s: string): Buffer {
  return Buffer.from(s.split('.').map(Number));
}

export function ipv6Bytes(s: string): Buffer {
  const [head, tail = ''] = s.split('::');
  const h = head ? head.split(':') : [];
  const t = s.includes('::') && tail ? tail.split(':') : [];
  const words = s.includes('::') ? [...h, ...Array(8 - h.length - t.length).fill('0'), ...t] : h;
  const b = Buffer.alloc(16);
  words.forEach((w, i) => b.writeUInt16BE(parseInt(w, 16), i * 2));
  return b;
}

export function ethernet(src: string, dst: string, type: number, payload: Buffer): Buffer {
  const h = Buffer.alloc(14);
  mac(dst).copy(h, 0);
  mac(src).copy(h, 6);
  h.writeUInt16BE(type, 12);
  return Buffer.concat([h, payload]);
}

export function vlanTag(id: number, innerType: number, payload: Buffer, tpidOut?: number): { type: number; payload: Buffer } {
  const h = Buffer.alloc(4);
  h.writeUInt16BE(id & 0xfff, 0);
  h.writeUInt16BE(innerType, 2);
  return { type: tpidOut ?? 0x8100, payload: Buffer.concat([h, payload]) };
}

export interface Ipv4Opts {
  src: string;
  dst: string;
  proto: number;
  ttl?: number;
  id?: number;
  /** Fragment offset in bytes (multiple of 8) and more-fragments flag. */
  fragOffset?: number;
  more?: boolean;
  /** Total length to claim, when it should differ from the real one. */
  totalLength?: number;
}

export function ipv4(o: Ipv4Opts, payload: Buffer): Buffer {
  const h = Buffer.alloc(20);
  h[0] = 0x45;
  h.writeUInt16BE(o.totalLength ?? 20 + payload.length, 2);
  h.writeUInt16BE(o.id ?? 1, 4);
  h.writeUInt16BE(((o.more ? 1 : 0) << 13) | ((o.fragOffset ?? 0) / 8), 6);
  h[8] = o.ttl ?? 64;
  h[9] = o.proto;
  ipv4Bytes(o.src).copy(h, 12);
  ipv4Bytes(o.dst).copy(h, 16);
  return Buffer.concat([h, payload]);
}

export function ipv6(o: { src: string; dst: string; next: number; hopLimit?: number }, payload: Buffer): Buffer {
  const h = Buffer.alloc(40);
  h.writeUInt32BE(0x60000000, 0);
  h.writeUInt16BE(payload.length, 4);
  h[6] = o.next;
  h[7] = o.hopLimit ?? 64;
  ipv6Bytes(o.src).copy(h, 8);
  ipv6Bytes(o.dst).copy(h, 24);
  return Buffer.concat([h, payload]);
}

export const TCP_FLAGS = { FIN: 0x01, SYN: 0x02, RST: 0x04, PSH: 0x08, ACK: 0x10, URG: 0x20 } as const;

export function tcp(o: { sport: number; dport: number; seq?: number; ack?: number; flags: number; win?: number }, payload: Buffer = Buffer.alloc(0)): Buffer {
  const h = Buffer.alloc(20);
  h.writeUInt16BE(o.sport, 0);
  h.writeUInt16BE(o.dport, 2);
  h.writeUInt32BE((o.seq ?? 0) >>> 0, 4);
  h.writeUInt32BE((o.ack ?? 0) >>> 0, 8);
  h[12] = 5 << 4;
  h[13] = o.flags;
  h.writeUInt16BE(o.win ?? 65535, 14);
  return Buffer.concat([h, payload]);
}

export function udp(sport: number, dport: number, payload: Buffer): Buffer {
  const h = Buffer.alloc(8);
  h.writeUInt16BE(sport, 0);
  h.writeUInt16BE(dport, 2);
  h.writeUInt16BE(8 + payload.length, 4);
  return Buffer.concat([h, payload]);
}

export function icmp(type: number, code: number, payload: Buffer = Buffer.alloc(8)): Buffer {
  const h = Buffer.alloc(4);
  h[0] = type;
  h[1] = code;
  return Buffer.concat([h, payload]);
}

/** An Ethernet ARP frame (IPv4 over Ethernet); `op` 1 = request, 2 = reply. */
export function arpFrame(op: number, senderMac: string, senderIp: string, targetIp: string, dstMac: string): Buffer {
  const b = Buffer.alloc(28);
  b.writeUInt16BE(1, 0);
  b.writeUInt16BE(0x0800, 2);
  b[4] = 6;
  b[5] = 4;
  b.writeUInt16BE(op, 6);
  mac(senderMac).copy(b, 8);
  ipv4Bytes(senderIp).copy(b, 14);
  ipv4Bytes(targetIp).copy(b, 24);
  return ethernet(senderMac, dstMac, 0x0806, b);
}

export interface Frame {
  tsUs: number;
  data: Buffer;
  /** Original length, when the frame is stored truncated. */
  origlen?: number;
}

/** A classic pcap file: byte order and timestamp resolution are selectable. */
export function pcapFile(frames: Frame[], opts: { linktype?: number; bigEndian?: boolean; nanos?: boolean } = {}): Buffer {
  const be = !!opts.bigEndian;
  const u32 = (b: Buffer, v: number, o: number) => (be ? b.writeUInt32BE(v >>> 0, o) : b.writeUInt32LE(v >>> 0, o));
  const u16 = (b: Buffer, v: number, o: number) => (be ? b.writeUInt16BE(v, o) : b.writeUInt16LE(v, o));
  const gh = Buffer.alloc(24);
  u32(gh, opts.nanos ? 0xa1b23c4d : 0xa1b2c3d4, 0);
  u16(gh, 2, 4);
  u16(gh, 4, 6);
  u32(gh, 262144, 16);
  u32(gh, opts.linktype ?? 1, 20);
  const parts: Buffer[] = [gh];
  for (const f of frames) {
    const rh = Buffer.alloc(16);
    const sec = Math.floor(f.tsUs / 1e6);
    const us = f.tsUs - sec * 1e6;
    u32(rh, sec, 0);
    u32(rh, opts.nanos ? us * 1000 : us, 4);
    u32(rh, f.data.length, 8);
    u32(rh, f.origlen ?? f.data.length, 12);
    parts.push(rh, f.data);
  }
  return Buffer.concat(parts);
}

export interface NgInterface {
  linktype: number;
  /** if_tsresol option byte (default 6 = microseconds). */
  tsresol?: number;
}

export interface NgPacket extends Frame {
  iface?: number;
  /** 'epb' (default), 'spb' (simple, interface 0, no timestamp) or 'pb' (obsolete packet block). */
  kind?: 'epb' | 'spb' | 'pb';
}

/** A pcapng file with one section; comment and custom blocks can be interleaved to be skipped. */
export function pcapngFile(ifaces: NgInterface[], packets: NgPacket[], opts: { bigEndian?: boolean; extraBlocks?: boolean } = {}): Buffer {
  const be = !!opts.bigEndian;
  const block = (type: number, body: Buffer): Buffer => {
    const pad = (4 - (body.length % 4)) % 4;
    const len = 12 + body.length + pad;
    const b = Buffer.alloc(len);
    const w = (v: number, o: number) => (be ? b.writeUInt32BE(v >>> 0, o) : b.writeUInt32LE(v >>> 0, o));
    w(type, 0);
    w(len, 4);
    body.copy(b, 8);
    w(len, len - 4);
    return b;
  };
  const u32 = (v: number) => {
    const b = Buffer.alloc(4);
    if (be) b.writeUInt32BE(v >>> 0);
    else b.writeUInt32LE(v >>> 0);
    return b;
  };
  const u16 = (v: number) => {
    const b = Buffer.alloc(2);
    if (be) b.writeUInt16BE(v);
    else b.writeUInt16LE(v);
    return b;
  };
  const shbBody = Buffer.concat([u32(0x1a2b3c4d), u16(1), u16(0), Buffer.alloc(8, 0xff)]);
  const parts: Buffer[] = [block(0x0a0d0d0a, shbBody)];
  for (const i of ifaces) {
    const opt = i.tsresol === undefined ? Buffer.alloc(0) : Buffer.concat([u16(9), u16(1), Buffer.from([i.tsresol, 0, 0, 0])]);
    parts.push(block(1, Buffer.concat([u16(i.linktype), u16(0), u32(262144), opt, i.tsresol === undefined ? Buffer.alloc(0) : u32(0)])));
  }
  if (opts.extraBlocks) parts.push(block(0x00000bad, Buffer.from('custom block to be skipped')));
  for (const p of packets) {
    const iface = ifaces[p.iface ?? 0];
    const r = iface.tsresol ?? 6;
    const units = r & 0x80 ? Math.round((p.tsUs / 1e6) * 2 ** (r & 0x7f)) : r >= 6 ? p.tsUs * 10 ** (r - 6) : Math.round(p.tsUs / 10 ** (6 - r));
    const hi = Math.floor(units / 4294967296);
    const lo = units - hi * 4294967296;
    const orig = p.origlen ?? p.data.length;
    if (p.kind === 'spb') parts.push(block(3, Buffer.concat([u32(orig), p.data])));
    else if (p.kind === 'pb') parts.push(block(2, Buffer.concat([u16(p.iface ?? 0), u16(0), u32(hi), u32(lo), u32(p.data.length), u32(orig), p.data])));
    else parts.push(block(6, Buffer.concat([u32(p.iface ?? 0), u32(hi), u32(lo), u32(p.data.length), u32(orig), p.data])));
    if (opts.extraBlocks) parts.push(block(5, Buffer.concat([u32(p.iface ?? 0), u32(hi), u32(lo)]))); // interface statistics
  }
  return Buffer.concat(parts);
}

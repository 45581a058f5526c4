// TCP, UDP, SCTP, ICMP/ICMPv6 and ESP: the fields that key and describe a session.
import { Result } from './decoded.js';
import type { DecodeContext } from './context.js';
import { PROTO_ICMP, PROTO_ICMPV6, PROTO_SCTP, PROTO_TCP, PROTO_UDP } from './ip-common.js';
import { decodeUdpTunnel } from './udp-tunnels.js';

export function decodeTransport(c: DecodeContext, buf: Buffer, off: number, end: number, proto: number): Result {
  const d = c.d;
  const avail = end - off;
  switch (proto) {
    case PROTO_TCP: {
      if (avail < 20) return Result.Corrupt;
      const hl = (buf[off + 12] >> 4) * 4;
      if (hl < 20) return Result.Corrupt;
      d.sport = buf.readUInt16BE(off);
      d.dport = buf.readUInt16BE(off + 2);
      d.tcpSeq = buf.readUInt32BE(off + 4);
      d.tcpAck = buf.readUInt32BE(off + 8);
      // The AE (formerly NS) bit sits in the low bit of the data-offset byte.
      d.tcpFlags = buf[off + 13] | ((buf[off + 12] & 1) << 8);
      d.tcpWin = buf.readUInt16BE(off + 14);
      d.payOff = off + hl;
      d.payLen = Math.max(0, end - off - hl);
      d.dataLen = Math.max(0, d.l4Claimed - hl);
      return Result.Ip;
    }
    case PROTO_UDP: {
      if (avail < 8) return Result.Corrupt;
      d.sport = buf.readUInt16BE(off);
      d.dport = buf.readUInt16BE(off + 2);
      const ulen = buf.readUInt16BE(off + 4);
      d.payOff = off + 8;
      // Data bytes follow the IP length, as Arkime counts them; the UDP length only bounds what tunnels parse.
      const claimed = Math.max(0, d.l4Claimed - 8);
      const tunnelEnd = ulen >= 8 && ulen - 8 < end - off - 8 ? off + ulen : end;
      d.dataLen = claimed;
      d.payLen = Math.max(0, Math.min(end - off - 8, claimed));
      const inner = decodeUdpTunnel(c, buf, d.payOff, Math.min(tunnelEnd, d.payOff + d.payLen));
      return inner === -1 ? Result.Ip : (inner as Result);
    }
    case PROTO_SCTP:
      if (avail < 12) return Result.Corrupt;
      d.sport = buf.readUInt16BE(off);
      d.dport = buf.readUInt16BE(off + 2);
      d.payOff = off + 12;
      d.payLen = Math.max(0, avail - 12);
      d.dataLen = Math.max(0, d.l4Claimed - 12);
      return Result.Ip;
    case PROTO_ICMP:
    case PROTO_ICMPV6:
      if (avail < 2) return Result.Corrupt;
      d.icmpType = buf[off];
      d.icmpCode = buf[off + 1];
      d.payOff = off;
      d.payLen = avail;
      d.dataLen = d.l4Claimed;
      return Result.Ip;
    default:
      // ESP and any other IP protocol: a session per address pair, no ports.
      d.payOff = off;
      d.payLen = avail;
      d.dataLen = d.l4Claimed;
      return Result.Ip;
  }
}

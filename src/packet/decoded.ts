/**
 * The decode result of one frame: a single reused, flat, numeric structure so the decode path
 * allocates nothing per packet. Layer decoders fill it from the outside in.
 */
export const enum Result {
  /** An IP packet was decoded; the transport fields are valid. */
  Ip = 0,
  /** A valid frame that carries no IP (ARP, LLDP, unknown ethertype...). */
  NonIp = 1,
  /** The frame is malformed or truncated before the IP layer ended. */
  Corrupt = 2,
  /** An IP fragment that was buffered for reassembly. */
  Fragment = 3,
}

/** Encapsulations seen on the way to the innermost IP layer; each becomes a `protocols` value. */
export const enum Tunnel {
  Gre = 1 << 0,
  Ppp = 1 << 1,
  Mpls = 1 << 2,
  Pppoe = 1 << 3,
  Vxlan = 1 << 4,
  VxlanGpe = 1 << 5,
  Geneve = 1 << 6,
  Gtp = 1 << 7,
  Erspan = 1 << 8,
  IpInIp = 1 << 9,
  SixInFour = 1 << 10,
}

export const TUNNEL_NAMES: ReadonlyArray<[number, string]> = [
  [Tunnel.Gre, 'gre'], [Tunnel.Ppp, 'ppp'], [Tunnel.Mpls, 'mpls'], [Tunnel.Pppoe, 'pppoe'],
  [Tunnel.Vxlan, 'vxlan'], [Tunnel.VxlanGpe, 'vxlan-gpe'], [Tunnel.Geneve, 'geneve'], [Tunnel.Gtp, 'gtp'],
];
// ERSPAN, IP-in-IP and 6in4 are decapsulated but, as in Arkime, not named in `protocols`.

export const MAX_VLANS = 4;

export class Decoded {
  /** Buffer holding the innermost IP header (the frame buffer, or a reassembly buffer). */
  buf: Buffer = Buffer.alloc(0);
  // Link layer (outermost Ethernet, or the innermost when a tunnel carries Ethernet).
  hasMac = false;
  macSrc = 0;
  macDst = 0;
  hasOuterMac = false;
  outerMacSrc = 0;
  outerMacDst = 0;
  ethertype = 0;
  vlanCount = 0;
  readonly vlans = new Int32Array(MAX_VLANS);
  /** 0x8100 or 0x88a8 per entry of `vlans`. */
  readonly vlanTpids = new Int32Array(MAX_VLANS);
  tunnels = 0;
  vni = -1;
  depth = 0;
  // Outer IP of a tunnel (the first IP layer), when the session is keyed on an inner one.
  outerIpVersion = 0;
  readonly outerSrc = new Uint8Array(16);
  readonly outerDst = new Uint8Array(16);
  // Innermost IP layer.
  ipVersion = 0;
  readonly src = new Uint8Array(16);
  readonly dst = new Uint8Array(16);
  ttl = 0;
  ipProto = 0;
  dscp = 0;
  ipOff = 0;
  /** Offset and length of the IP payload (transport header onwards), bounded by the captured bytes. */
  l4Off = 0;
  l4Len = 0;
  /** IP payload length claimed by the IP header (may exceed the captured bytes). */
  l4Claimed = 0;
  // Transport.
  sport = 0;
  dport = 0;
  tcpFlags = 0;
  tcpSeq = 0;
  tcpAck = 0;
  tcpWin = 0;
  icmpType = 0;
  icmpCode = 0;
  /** Application payload: offset in `buf`, captured length, and length claimed by the headers. */
  payOff = 0;
  payLen = 0;
  dataLen = 0;
  /** Set when the IP datagram was reassembled from fragments. */
  reassembled = false;

  reset(): void {
    this.hasMac = false;
    this.hasOuterMac = false;
    this.ethertype = 0;
    this.vlanCount = 0;
    this.tunnels = 0;
    this.vni = -1;
    this.depth = 0;
    this.outerIpVersion = 0;
    this.ipVersion = 0;
    this.ttl = 0;
    this.ipProto = 0;
    this.dscp = 0;
    this.sport = 0;
    this.dport = 0;
    this.tcpFlags = 0;
    this.tcpSeq = 0;
    this.tcpAck = 0;
    this.tcpWin = 0;
    this.icmpType = 0;
    this.icmpCode = 0;
    this.payOff = 0;
    this.payLen = 0;
    this.dataLen = 0;
    this.l4Len = 0;
    this.l4Claimed = 0;
    this.reassembled = false;
  }
}

/** Tunnels nest; a hostile packet could nest forever. */
export const MAX_DEPTH = 8;

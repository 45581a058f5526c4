// Idle timeouts per protocol, Arkime's defaults, in seconds.
import { Queue, QUEUE_COUNT } from './session.js';

export interface SessionConfig {
  tcpTimeout: number;
  udpTimeout: number;
  icmpTimeout: number;
  sctpTimeout: number;
  espTimeout: number;
  otherTimeout: number;
  tcpClosingTimeout: number;
  /** A session with this many packets is saved as a segment and continues in a linked one. */
  maxPackets: number;
  /** A TCP session segment older than this (seconds) is saved and continues in a linked one. */
  saveTimeout: number;
  /** Key sessions on their 802.1ad (QinQ service) VLAN ids as well as the 5-tuple. */
  vlanInKey: boolean;
  /** Classify and parse application protocols (off: transport-level SPI only, for benchmarks). */
  parsers: boolean;
  /** Record every HTTP header's name and value, as Arkime's parseHTTPHeader*All (off by default). */
  httpAllHeaders: boolean;
}

export const DEFAULT_SESSION_CONFIG: SessionConfig = {
  tcpTimeout: 480,
  udpTimeout: 60,
  icmpTimeout: 10,
  sctpTimeout: 60,
  espTimeout: 600,
  otherTimeout: 60,
  tcpClosingTimeout: 5,
  maxPackets: 10000,
  saveTimeout: 480,
  vlanInKey: true,
  parsers: true,
  httpAllHeaders: false,
};

export function queueTimeoutsUs(c: SessionConfig): Float64Array {
  const t = new Float64Array(QUEUE_COUNT);
  t[Queue.Tcp] = c.tcpTimeout * 1e6;
  t[Queue.Udp] = c.udpTimeout * 1e6;
  t[Queue.Icmp] = c.icmpTimeout * 1e6;
  t[Queue.Sctp] = c.sctpTimeout * 1e6;
  t[Queue.Esp] = c.espTimeout * 1e6;
  t[Queue.Other] = c.otherTimeout * 1e6;
  t[Queue.TcpClosing] = c.tcpClosingTimeout * 1e6;
  return t;
}

/** Parses "tcp=480,udp=60" style overrides. */
export function parseTimeouts(spec: string, base: SessionConfig): SessionConfig {
  const out = { ...base };
  const names: Record<string, keyof SessionConfig> = {
    tcp: 'tcpTimeout', udp: 'udpTimeout', icmp: 'icmpTimeout', sctp: 'sctpTimeout', esp: 'espTimeout',
    other: 'otherTimeout', closing: 'tcpClosingTimeout', save: 'saveTimeout',
  };
  for (const part of spec.split(',').filter(Boolean)) {
    const [k, v] = part.split('=');
    const key = names[k?.trim() ?? ''];
    const n = Number(v);
    if (!key || !Number.isFinite(n) || n <= 0) throw new Error(`bad timeout "${part}" (expected name=seconds, names: ${Object.keys(names).join(', ')})`);
    (out[key] as number) = n;
  }
  return out;
}

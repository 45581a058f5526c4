// Classifier registry: content signatures first, ports as the fallback, as Arkime classifies.
// Order matters only between signatures that could both match; specific ones come first.
import type { ProtocolDef } from './types.js';
import { dns, dnsTcp, mdns, llmnr } from './dns/register.js';
import { http } from './http/register.js';
import { http2 } from './http2/register.js';
import { tls } from './tls/register.js';
import { smtp } from './smtp/register.js';
import { smb, nbds } from './smb/register.js';
import { dcerpc } from './dcerpc/register.js';
import { ldap } from './ldap/register.js';
import { pop3, imap } from './mailbox/register.js';
import { socks } from './socks/register.js';
import { ssh } from './ssh/register.js';
import { snmp } from './snmp/register.js';
import { ntp } from './ntp/register.js';
import { dhcp, dhcpv6 } from './dhcp/register.js';
import { postgresql } from './postgresql/register.js';
import { mysql } from './mysql/register.js';
import { irc } from './irc/register.js';
import { ftp } from './ftp/register.js';
import { s7comm } from './s7comm/register.js';
import { adb, adbHost } from './adb/register.js';
import { krb5, krb5Tcp } from './krb5/register.js';
import { isakmp } from './isakmp/register.js';
import { quic, fbzero } from './quic/register.js';
import { dtls } from './tls/dtls.js';
import { opcua } from './opcua/register.js';
import { m3ua, m2ua, diameterSctp, BY_PPID } from './sigtran/register.js';
import { mqtt } from './mqtt/register.js';
import { dnp3, dnp3Udp } from './dnp3/register.js';
import { modbus } from './modbus/register.js';
import { sip, sipTcp } from './sip/register.js';
import { rdp } from './rdp/register.js';
import { MISC } from './misc/register.js';
import { bittorrentTcp, bittorrentUdp } from './bittorrent/register.js';

const all: ProtocolDef[] = [dns, dnsTcp, mdns, llmnr, http2, http, tls, smtp, smb, nbds, dcerpc, ldap, pop3, imap, socks, ssh, snmp, ntp, dhcp, dhcpv6, postgresql, mysql, irc, ftp, rdp, s7comm, adb, adbHost, krb5, krb5Tcp, isakmp, quic, fbzero, dtls, opcua, m3ua, m2ua, diameterSctp, mqtt, dnp3, dnp3Udp, modbus, sip, sipTcp, bittorrentTcp, bittorrentUdp, ...MISC];

const byPort = { udp: new Map<number, ProtocolDef>(), tcp: new Map<number, ProtocolDef>(), sctp: new Map<number, ProtocolDef>() };
for (const p of all) for (const port of p.ports) if (!byPort[p.transport].has(port)) byPort[p.transport].set(port, p);

export function protocols(): readonly ProtocolDef[] {
  return all;
}

/** The protocol whose content signature matches this payload, or null. */
export function classifyContent(transport: 'udp' | 'tcp' | 'sctp', buf: Buffer, off: number, len: number): ProtocolDef | null {
  for (const p of all) {
    if (p.transport === transport && p.signature && p.signature(buf, off, len)) return p;
  }
  return null;
}

/** The protocol of a session's first payload, or null. */
export function classify(transport: 'udp' | 'tcp' | 'sctp', sport: number, dport: number, buf: Buffer, off: number, len: number): ProtocolDef | null {
  const ports = byPort[transport];
  return classifyContent(transport, buf, off, len) ?? ports.get(dport) ?? ports.get(sport) ?? null;
}

/**
 * An SCTP DATA chunk's protocol: its payload protocol identifier, else a TCP content signature
 * (HTTP over SCTP...), else the ports.
 */
export function classifySctp(ppid: number, sport: number, dport: number, buf: Buffer, off: number, len: number): ProtocolDef | null {
  return BY_PPID[ppid] ?? classifyContent('tcp', buf, off, len) ?? byPort.sctp.get(dport) ?? byPort.sctp.get(sport) ?? null;
}

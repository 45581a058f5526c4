// Classifier registry: content signatures first, ports as the fallback, as Arkime classifies.
import type { ProtocolDef } from './types.js';
import { dns } from './dns/register.js';
import { http } from './http/register.js';
import { tls } from './tls/register.js';

const all: ProtocolDef[] = [dns, http, tls];

const byPort = { udp: new Map<number, ProtocolDef>(), tcp: new Map<number, ProtocolDef>() };
for (const p of all) for (const port of p.ports) byPort[p.transport].set(port, p);

export function protocols(): readonly ProtocolDef[] {
  return all;
}

/** The protocol of a session's first payload, or null. */
export function classify(transport: 'udp' | 'tcp', sport: number, dport: number, buf: Buffer, off: number, len: number): ProtocolDef | null {
  for (const p of all) {
    if (p.transport === transport && p.signature && p.signature(buf, off, len)) return p;
  }
  const ports = byPort[transport];
  return ports.get(dport) ?? ports.get(sport) ?? null;
}

// Pairs Arkime's expected session documents with Weir's sessions of the same flow.
import { normIp } from './ipnorm.js';
import type { SessionDoc } from '../../src/session/record.js';

export type Doc = Record<string, any>;

function endpoints(proto: unknown, a: unknown, pa: unknown, b: unknown, pb: unknown): string {
  const x = `${normIp(a)}/${pa}`;
  const y = `${normIp(b)}/${pb}`;
  return `${proto}|${x < y ? x + '|' + y : y + '|' + x}`;
}

/** Pairs each expected session with the actual session of the same flow nearest in start time. */
export function pair(expected: Doc[], actual: SessionDoc[]): (SessionDoc | undefined)[] {
  const used = new Set<number>();
  return expected.map((e) => {
    const key = endpoints(e.ipProtocol, e.source?.ip, e.source?.port ?? 0, e.destination?.ip, e.destination?.port ?? 0);
    let best = -1;
    let bestDt = Infinity;
    actual.forEach((a, i) => {
      if (used.has(i)) return;
      const k = endpoints(a['ip.protocol'], a['ip.src'], a['port.src'] ?? 0, a['ip.dst'], a['port.dst'] ?? 0);
      if (k !== key) return;
      const dt = Math.abs(Number(a.firstPacket) - e.firstPacket) + (a.lastPacket === e.lastPacket ? 0 : 0.5);
      if (dt < bestDt) {
        bestDt = dt;
        best = i;
      }
    });
    if (best < 0) return undefined;
    used.add(best);
    return actual[best];
  });
}

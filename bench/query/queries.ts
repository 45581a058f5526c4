// The query-benchmark set: typical analyst requests, each timed through the real HTTP API.
import { START_MS } from './synth.js';

/** `--name VALUE` from the command line, or the default. */
export const arg = (name: string, dflt: string): string => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : dflt;
};

const day = (d: number) => Math.floor((START_MS + d * 86400e3) / 1000);
const ALL = 'date=-1';
const ONE_DAY = `startTime=${day(3)}&stopTime=${day(4)}`;

/** [name, kind, path?query]: kind "page" targets < 200 ms, "agg" < 1 s. */
export const QUERIES: [string, 'page' | 'agg', string][] = [
  ['first page, newest first (all time)', 'page', `/api/sessions?${ALL}&length=100&order=firstPacket:desc`],
  ['first page, one day', 'page', `/api/sessions?${ONE_DAY}&length=100&order=firstPacket:desc`],
  ['ip equality', 'page', `/api/sessions?${ALL}&length=100&expression=${encodeURIComponent('ip.src == 10.0.0.7')}`],
  ['ip CIDR /16', 'page', `/api/sessions?${ALL}&length=100&expression=${encodeURIComponent('ip.dst == 10.0.0.0/16')}`],
  ['ip CIDR /12, one day', 'page', `/api/sessions?${ONE_DAY}&length=100&expression=${encodeURIComponent('ip.dst == 172.16.0.0/12 || ip.dst == 30.0.0.0/12')}`],
  ['host wildcard', 'page', `/api/sessions?${ALL}&length=100&expression=${encodeURIComponent('host.http == host12*.example.com')}`],
  ['host wildcard, one day', 'page', `/api/sessions?${ONE_DAY}&length=100&expression=${encodeURIComponent('host.http == host12*.example.com')}`],
  ['port and protocol', 'page', `/api/sessions?${ALL}&length=100&expression=${encodeURIComponent('port.dst == 22 && protocols == ssh')}`],
  ['spiview, 5 fields', 'agg', `/api/spiview?${ALL}&spi=protocols:10,ip.dst:10,port.dst:10,host.http:10,dns.query.host:10`],
  ['spiview, 5 fields, one day', 'agg', `/api/spiview?${ONE_DAY}&spi=protocols:10,ip.dst:10,port.dst:10,host.http:10,dns.query.host:10`],
  ['spigraph port.dst', 'agg', `/api/spigraph?${ALL}&field=port.dst&size=10`],
  ['connections ip.src -> ip.dst', 'agg', `/api/connections?${ONE_DAY}&srcField=ip.src&dstField=ip.dst&length=1000`],
  ['sessions histogram (facets)', 'agg', `/api/sessions?${ALL}&length=0&facets=1`],
];

export const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))];


export interface Timing { name: string; kind: 'page' | 'agg'; p50: number; p95: number; matched: string }

/** Runs every query `runs` times after one warm-up against a viewer at `base`. */
export async function timeQueries(base: string, auth: Record<string, string>, runs: number): Promise<Timing[]> {
  const out: Timing[] = [];
  for (const [name, kind, path] of QUERIES) {
    const times: number[] = [];
    let matched = '';
    for (let i = 0; i <= runs; i++) {
      const t = performance.now();
      const r = await fetch(base + path, { headers: auth });
      const body = await r.json() as { recordsFiltered?: number; links?: unknown[]; items?: unknown[]; text?: string };
      if (r.status !== 200) throw new Error(`${name}: ${r.status} ${body.text}`);
      if (i > 0) times.push(performance.now() - t);
      matched = String(body.recordsFiltered ?? body.links?.length ?? body.items?.length ?? '');
    }
    out.push({ name, kind, p50: pct(times, 50), p95: pct(times, 95), matched });
  }
  return out;
}

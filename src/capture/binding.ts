// The optional libpcap addon (native/pcap). Where it is not built, live capture explains what to
// install; nothing else depends on it.
import { createRequire } from 'node:module';

export interface LiveStats {
  received: number;
  dropped: number;
  ifDropped: number;
  queueDropped: number;
  delivered: number;
  error: string;
}

export interface LiveHandle {
  linktype: number;
}

export interface PcapBinding {
  version(): string;
  listInterfaces(): { name: string; description: string; up: boolean; loopback: boolean }[];
  open(o: { device: string; snaplen?: number; promisc?: boolean; bufferSize?: number; immediate?: boolean; filter?: string; batchBytes?: number; batchMs?: number }, onBatch: (batch: Buffer, count: number) => void): LiveHandle;
  stats(h: LiveHandle): LiveStats;
  stop(h: LiveHandle): void;
  compileFilter(expression: string, linktype: number, snaplen: number): unknown;
  filterMatches(program: unknown, buf: Buffer, offset: number, caplen: number, origlen: number): boolean;
}

export class CaptureUnavailableError extends Error {}

let cached: PcapBinding | null = null;

export function pcapBinding(): PcapBinding {
  if (cached) return cached;
  try {
    cached = createRequire(import.meta.url)('weir-pcap') as PcapBinding;
    return cached;
  } catch (e) {
    throw new CaptureUnavailableError(
      `live capture and --bpf need Weir's libpcap addon, which is not built here (${(e as Error).message.split('\n')[0]}). ` +
      'Install its build dependencies and build it: apt-get install -y libpcap-dev build-essential python3 && npm run build');
  }
}

/** Why live capture is unavailable here (the addon's message), or null when it is built. */
export function pcapUnavailable(): string | null {
  try {
    pcapBinding();
    return null;
  } catch (e) {
    return (e as Error).message;
  }
}

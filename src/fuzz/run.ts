// The fuzz loop: each iteration builds a short conversation of mutated seeds and feeds it, in
// random chunkings, to a fresh parser. Exceptions escaping a parser and heap growth are reported.
import type { FieldSink, ProtocolDef } from '../protocols/types.js';
import { mutate, Rng } from './mutate.js';
import type { Seed } from './seeds.js';

export interface FuzzResult {
  protocol: string;
  inputs: number;
  exceptions: number;
  firstException?: string;
  /** Heap after the run minus before, in MiB (after a forced GC when available). */
  heapGrowthMiB: number;
  values: number;
}

class CountingSink implements FieldSink {
  startSec = 0;
  values = 0;
  add(): void {
    this.values++;
  }
  protocol(): void {}
  handoff(): void {}
}

const gc = (globalThis as { gc?: () => void }).gc;

export function fuzzProtocol(def: ProtocolDef, seeds: Seed[], inputs: number, seed = 1): FuzzResult {
  const rng = new Rng(seed >>> 0 || 1);
  const sink = new CountingSink();
  const res: FuzzResult = { protocol: `${def.name}/${def.transport}`, inputs: 0, exceptions: 0, heapGrowthMiB: 0, values: 0 };
  gc?.();
  const before = process.memoryUsage().heapUsed;
  for (let i = 0; i < inputs; ) {
    const parser = def.create({ httpAllHeaders: true });
    // A conversation of 1-4 messages; each message mutated from a seed and split at random.
    for (let m = 0, n = 1 + rng.below(4); m < n && i < inputs; m++) {
      i++;
      const s = seeds[rng.below(seeds.length)];
      const other = seeds[rng.below(seeds.length)];
      const data = mutate(rng, s.bytes, other.bytes);
      const cut = rng.below(data.length + 1);
      try {
        const more = parser.feed(s.dir, data, 0, cut, sink) && parser.feed(s.dir, data, cut, data.length - cut, sink);
        if (!more) break;
      } catch (e) {
        res.exceptions++;
        res.firstException ??= `${(e as Error).stack?.split('\n').slice(0, 3).join(' | ')}`;
      }
    }
    try {
      parser.end?.(sink);
    } catch (e) {
      res.exceptions++;
      res.firstException ??= `end: ${(e as Error).message}`;
    }
  }
  res.inputs = inputs;
  gc?.();
  res.heapGrowthMiB = (process.memoryUsage().heapUsed - before) / (1 << 20);
  res.values = sink.values;
  return res;
}

// Runs the fuzz loop over every registered protocol module with seeds from real captures; modules
// without seeds get random-byte seeds (still exercising their framing code).
import { protocols } from '../protocols/registry.js';
import type { ProtocolDef } from '../protocols/types.js';
import { harvest, type Seed } from './seeds.js';
import { fuzzProtocol, type FuzzResult } from './run.js';
import { Rng } from './mutate.js';

export interface HarnessOptions {
  captures: string[];
  inputs: number;
  seed: number;
  only?: string;
  onResult?: (r: FuzzResult, seeds: number) => void;
}

function randomSeeds(rng: Rng): Seed[] {
  return Array.from({ length: 32 }, (_, i) => {
    const b = Buffer.alloc(1 + rng.below(512));
    for (let j = 0; j < b.length; j++) b[j] = rng.below(256);
    return { dir: i & 1, bytes: b };
  });
}

export async function runHarness(opts: HarnessOptions): Promise<FuzzResult[]> {
  const bank = await harvest(opts.captures);
  const rng = new Rng(opts.seed);
  const results: FuzzResult[] = [];
  const seen = new Set<ProtocolDef>();
  for (const def of protocols()) {
    if (seen.has(def) || (opts.only && def.name !== opts.only)) continue;
    seen.add(def);
    const harvested = bank.byDef.get(def) ?? [];
    const seeds = harvested.length ? harvested : randomSeeds(rng);
    const r = fuzzProtocol(def, seeds, opts.inputs, opts.seed);
    opts.onResult?.(r, harvested.length);
    results.push(r);
  }
  return results;
}

// Resilience: every protocol parser is fed mutated real payloads (byte flips, truncations,
// splices, insertions) and must neither throw nor grow the heap without bound. CI runs a short
// pass; `node --expose-gc scripts/fuzz.js` runs 1,000,000 inputs per parser by hand.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { corpusOrSkip } from './helpers/corpus.js';
import { scratchDir } from './helpers/ingest.js';
import { runHarness } from '../src/fuzz/harness.js';
import { fuzzProtocol } from '../src/fuzz/run.js';
import { writeSample } from '../src/sample/generate.js';
import type { ProtocolDef } from '../src/protocols/types.js';

const INPUTS = Number(process.env.WEIR_FUZZ_INPUTS ?? 5000);

test('the harness counts an exception that escapes a parser', () => {
  const fragile: ProtocolDef = {
    name: 'fragile', transport: 'tcp', ports: [],
    create: () => ({ feed: (_d, b, o, len) => (len > 3 && b[o] === 0x41 ? (() => { throw new Error('boom'); })() : true) }),
  };
  const r = fuzzProtocol(fragile, [{ dir: 0, bytes: Buffer.from('AAAAAAAA') }], 2000, 3);
  assert.ok(r.exceptions > 0, 'a throwing parser must be reported');
  assert.match(r.firstException ?? '', /boom/);
});

test(`every protocol parser survives ${INPUTS} mutated inputs (seeds: real payloads)`, { timeout: 600_000 }, async () => {
  const { dir, cleanup } = scratchDir('weir-fuzz-');
  try {
    const arkime = corpusOrSkip('arkime');
    let captures: string[];
    if (arkime) captures = readdirSync(arkime).filter((f) => f.endsWith('.pcap')).map((f) => join(arkime, f));
    else {
      writeSample(join(dir, 'sample.pcap'));
      captures = [join(dir, 'sample.pcap')];
    }
    const failures: string[] = [];
    let seeded = 0;
    const results = await runHarness({
      captures, inputs: INPUTS, seed: 12345,
      onResult(r, seeds) {
        if (seeds) seeded++;
        if (r.exceptions || r.heapGrowthMiB > 64) failures.push(`${r.protocol}: ${r.exceptions} exceptions, heap +${r.heapGrowthMiB.toFixed(1)} MiB ${r.firstException ?? ''}`);
      },
    });
    console.log(`fuzz: ${results.length} parsers x ${INPUTS} inputs, ${seeded} seeded from real payloads`);
    assert.ok(results.length >= 30, 'every registered protocol module is fuzzed');
    assert.deepEqual(failures, []);
  } finally {
    cleanup();
  }
});

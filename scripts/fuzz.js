#!/usr/bin/env node
// Parser fuzz harness, by hand: node --expose-gc scripts/fuzz.js [--inputs 1000000] [--seed N]
// [--only PROTOCOL] [capture files or folders...]. Default seeds: ../shared/corpus/arkime when
// present, else Weir's generated sample traffic. Exit status 1 on any escaped exception or heap
// growth over 64 MiB.
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runHarness } from '../dist/src/fuzz/harness.js';
import { writeSample } from '../dist/src/sample/generate.js';

const args = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = args.indexOf(name);
  if (i < 0) return dflt;
  const v = args[i + 1];
  args.splice(i, 2);
  return v;
};
const inputs = Number(opt('--inputs', '1000000'));
const seed = Number(opt('--seed', String(Date.now() % 1e9)));
const only = opt('--only', undefined);
const root = resolve(fileURLToPath(import.meta.url), '../..');
const expand = (p) => (statSync(p).isDirectory() ? readdirSync(p).filter((f) => /\.(pcap|pcapng|cap)$/.test(f)).map((f) => join(p, f)) : [p]);
let captures = args.flatMap(expand);
let tmp = null;
if (!captures.length) {
  const corpus = join(root, '..', 'shared', 'corpus', 'arkime');
  if (existsSync(corpus)) captures = expand(corpus);
  else {
    tmp = mkdtempSync(join(tmpdir(), 'weir-fuzz-'));
    writeSample(join(tmp, 'sample.pcap'));
    captures = [join(tmp, 'sample.pcap')];
  }
}
console.log(`fuzz: ${inputs} inputs per parser, seed ${seed}, seeds from ${captures.length} capture(s)`);
let bad = 0;
const t0 = Date.now();
await runHarness({
  captures, inputs, seed, only,
  onResult(r, seeds) {
    const fail = r.exceptions > 0 || r.heapGrowthMiB > 64;
    if (fail) bad++;
    console.log(`${fail ? 'FAIL' : 'ok  '} ${r.protocol.padEnd(18)} ${String(r.inputs).padStart(8)} inputs  ${String(seeds).padStart(4)} seeds  ${String(r.exceptions).padStart(4)} exceptions  heap ${r.heapGrowthMiB.toFixed(1)} MiB${r.firstException ? `  ${r.firstException}` : ''}`);
  },
});
if (tmp) rmSync(tmp, { recursive: true, force: true });
console.log(`fuzz: done in ${((Date.now() - t0) / 1000).toFixed(1)} s, ${bad} parser(s) failed`);
process.exit(bad ? 1 : 0);

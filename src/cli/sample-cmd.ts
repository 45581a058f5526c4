import { parseArgs, str, UsageError } from './args.js';
import { writeSample } from '../sample/generate.js';

export function runSample(argv: string[]): number {
  const a = parseArgs(argv, ['output'], [], { '-o': 'output' });
  const out = str(a, 'output');
  if (!out || a.positional.length) throw new UsageError('sample needs -o FILE');
  const n = writeSample(out);
  process.stderr.write(`wrote ${n} sample packets to ${out}\n`);
  return 0;
}

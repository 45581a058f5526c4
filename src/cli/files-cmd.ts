import { UsageError } from './args.js';
import { openStore, parseCommand } from './common.js';

export async function runFiles(argv: string[]): Promise<number> {
  const a = parseCommand(argv, [], ['json']);
  if (a.positional.length) throw new UsageError(`unexpected argument "${a.positional[0]}"`);
  const store = await openStore(a, true);
  try {
    for (const f of await store.listFiles()) {
      if (a.opts.has('json')) process.stdout.write(JSON.stringify(f) + '\n');
      else process.stdout.write(`${f.id}\t${f.node}\t${f.packets}\t${f.size}\t${f.format}${f.compression !== 'none' ? '+' + f.compression : ''}\t${f.sha256 ?? '-'}\t${f.path}${f.error ? `\t(${f.error})` : ''}\n`);
    }
  } finally {
    await store.close();
  }
  return 0;
}

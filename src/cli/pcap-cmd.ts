import { createWriteStream } from 'node:fs';
import { str, UsageError } from './args.js';
import { openStore, parseCommand } from './common.js';
import { exportSessionPcap } from '../ingest/export.js';

export async function runPcap(argv: string[]): Promise<number> {
  const a = parseCommand(argv, ['output'], [], { '-o': 'output' });
  if (a.positional.length !== 1) throw new UsageError('pcap needs exactly one session id');
  const outPath = str(a, 'output');
  if (!outPath && process.stdout.isTTY) throw new UsageError('refusing to write pcap to a terminal; use -o FILE or a pipe');
  const store = await openStore(a, true);
  try {
    const out = outPath ? createWriteStream(outPath) : process.stdout;
    const n = await exportSessionPcap(store, a.positional[0], out);
    if (outPath) process.stderr.write(`wrote ${n} packets to ${outPath}\n`);
  } finally {
    await store.close();
  }
  return 0;
}

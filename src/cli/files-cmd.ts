import { UsageError } from './args.js';
import { openStore, parseCommand } from './common.js';

export async function runFiles(argv: string[]): Promise<number> {
  const a = parseCommand(argv, [], ['json']);
  const [action, id] = a.positional;
  if (action === 'lock' || action === 'unlock') {
    // An evidence hold: retention never deletes a locked file.
    if (!id || !/^\d+$/.test(id) || a.positional.length !== 2) throw new UsageError(`files ${action} needs one file id (weir files lists them)`);
    const store = await openStore(a);
    try {
      if (!(await store.setFileLocked(Number(id), action === 'lock'))) throw new UsageError(`no file ${id}`);
      process.stderr.write(`file ${id} ${action}ed\n`);
    } finally {
      await store.close();
    }
    return 0;
  }
  if (a.positional.length) throw new UsageError(`unexpected argument "${a.positional[0]}" (files, files lock ID, files unlock ID)`);
  const store = await openStore(a, true);
  try {
    for (const f of await store.listFiles()) {
      if (a.opts.has('json')) process.stdout.write(JSON.stringify(f) + '\n');
      else {
        const marks = [f.locked ? 'locked' : '', f.deletedAt ? `deleted ${new Date(f.deletedAt).toISOString()}` : '', f.error ? f.error : ''].filter(Boolean);
        process.stdout.write(`${f.id}\t${f.node}\t${f.packets}\t${f.size}\t${f.format}${f.compression !== 'none' ? '+' + f.compression : ''}\t${f.sha256 ?? '-'}\t${f.path}${marks.length ? `\t(${marks.join('; ')})` : ''}\n`);
      }
    }
  } finally {
    await store.close();
  }
  return 0;
}

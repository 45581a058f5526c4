import { stat } from 'node:fs/promises';
import { str, UsageError, workersOpt } from './args.js';
import { nodeName, openStore, parseCommand } from './common.js';
import { ProgressBar, fmtRate } from './progress.js';
import { expandInputs, importFiles } from '../ingest/importer.js';
import { DEFAULT_SESSION_CONFIG, parseTimeouts } from '../session/timeouts.js';
import { setOuiFile } from '../session/oui.js';
import { streamMemory } from '../session/stream.js';
import { pcapBinding } from '../capture/binding.js';

export async function runImport(argv: string[]): Promise<number> {
  const a = parseCommand(argv, ['timeouts', 'max-packets', 'oui-file', 'reassembly-memory', 'bpf', 'workers'], ['force', 'flush', 'no-vlan-key', 'no-parsers', 'http-all-headers', 'quiet']);
  if (!a.positional.length) throw new UsageError('import needs at least one file or directory');
  let config = { ...DEFAULT_SESSION_CONFIG };
  const t = str(a, 'timeouts');
  if (t) {
    try {
      config = parseTimeouts(t, config);
    } catch (e) {
      throw new UsageError((e as Error).message);
    }
  }
  const mp = str(a, 'max-packets');
  if (mp !== undefined) {
    const n = Number(mp);
    if (!Number.isInteger(n) || n < 1) throw new UsageError('--max-packets needs a positive integer');
    config.maxPackets = n;
  }
  if (a.opts.has('no-vlan-key')) config.vlanInKey = false;
  if (a.opts.has('no-parsers')) config.parsers = false;
  if (a.opts.has('http-all-headers')) config.httpAllHeaders = true;
  const rm = str(a, 'reassembly-memory');
  if (rm !== undefined) {
    const mib = Number(rm);
    if (!Number.isFinite(mib) || mib < 0) throw new UsageError('--reassembly-memory needs a number of MiB');
    streamMemory.limit = mib * 1024 * 1024;
  }
  const oui = str(a, 'oui-file');
  if (oui !== undefined) setOuiFile(oui);
  const bpf = str(a, 'bpf');
  if (bpf) {
    try {
      pcapBinding().compileFilter(bpf, 1, 262144);
    } catch (e) {
      throw new UsageError((e as Error).message);
    }
  }
  const workers = workersOpt(a);
  const quiet = a.opts.has('quiet');
  const files = await expandInputs(a.positional);
  let total = 0;
  for (const f of files) total += (await stat(f)).size;
  const store = await openStore(a);
  const bar = new ProgressBar(!quiet && process.stderr.isTTY === true, total);
  let doneBefore = 0;
  let lastFile = '';
  let lastDone = 0;
  try {
    const s = await importFiles(store, a.positional, {
      node: nodeName(a),
      force: a.opts.has('force'),
      flushEachFile: a.opts.has('flush'),
      config,
      filter: str(a, 'bpf'),
      workers,
      onProgress: (p) => {
        if (p.file !== lastFile) {
          doneBefore += lastDone;
          lastFile = p.file;
        }
        lastDone = p.rawBytesDone;
        bar.update(doneBefore + p.rawBytesDone, p.packets);
      },
      onFile: (o) => {
        if (quiet && o.status === 'ok') return;
        bar.clear();
        const line = `${o.status.padEnd(7)} ${o.path}: ${o.packets} packets${o.message ? ` — ${o.message}` : ''}`;
        (o.status === 'ok' ? process.stdout : process.stderr).write(line + '\n');
      },
    });
    bar.clear();
    const secs = s.elapsedMs / 1000;
    process.stdout.write(
      `imported ${s.files} files, ${s.packets} packets, ${s.sessions} sessions, ${s.errors} errors` +
        `${s.skipped ? `, ${s.skipped} skipped` : ''} in ${secs.toFixed(2)} s (${fmtRate(s.packets / Math.max(secs, 0.001))} packets/s)\n`,
    );
    const d = s.decode;
    if (d.corrupt || s.unattached || d.fragmentsHeld) {
      process.stdout.write(
        `  ${d.corrupt} malformed packets, ${s.unattached} packets outside any session` +
          `${d.unknownLinktype ? ` (${d.unknownLinktype} of an unsupported link type)` : ''}, ${d.fragmentsHeld} IP fragments` +
          `${d.fragmentsUnreassembled ? ` (${d.fragmentsUnreassembled} never completed, counted alone)` : ''}\n`,
      );
    }
    if (s.filtered) process.stdout.write(`  ${s.filtered} packets left out by the filter\n`);
    if (s.parseRefused) {
      process.stdout.write(`  ${s.parseRefused} sessions stopped parsing at the stream reassembly memory limit (their SPI is kept)\n`);
    }
    return s.errors ? 1 : 0;
  } finally {
    await store.close();
  }
}

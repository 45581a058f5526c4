#!/usr/bin/env node
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const args = process.argv.slice(2);
// Ingest keeps every open session's state alive for seconds to minutes of capture time; V8's
// default 16 MB young generation promotes most of it and then pays for old-space collections.
// 32 MB semi-spaces cut ingest time by 10-20 % on the bench, 64 MB by 3-4 % more now that sessions
// hold less (bench/RESULTS.md). The flag must be given at startup, so the heavy commands re-run
// this file once with it.
const HEAVY = new Set(['import']);
const tuned = [...process.execArgv, process.env.NODE_OPTIONS ?? ''].some((a) => a.includes('--max-semi-space-size'));
if (HEAVY.has(args[0]) && !tuned && !process.env.WEIR_NO_GC_TUNING) {
  const child = spawn(process.execPath, ['--max-semi-space-size=64', ...process.execArgv, fileURLToPath(import.meta.url), ...args], { stdio: 'inherit' });
  for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(sig, () => child.kill(sig));
  child.on('exit', (code, signal) => {
    if (signal) {
      process.removeAllListeners(signal);
      process.kill(process.pid, signal);
    }
    else process.exit(code ?? 1);
  });
} else {
  import('../dist/src/cli/main.js').then((m) => m.main(args)).then(
    (code) => { process.exitCode = code ?? 0; },
    (err) => { console.error(`weir: ${err instanceof Error ? err.message : String(err)}`); process.exitCode = 1; },
  );
}

#!/usr/bin/env node
import('../dist/src/cli/main.js').then((m) => m.main(process.argv.slice(2))).then(
  (code) => { process.exitCode = code ?? 0; },
  (err) => { console.error(`weir: ${err instanceof Error ? err.message : String(err)}`); process.exitCode = 1; },
);

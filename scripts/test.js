#!/usr/bin/env node
// Runs every compiled test file (unit tests beside the code, end-to-end tests in test/) with
// node's own test runner, one file at a time: several suites start servers or spawn the CLI.
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = join(fileURLToPath(import.meta.url), '..', '..');
const files = [];
const walk = (d) => {
  for (const e of readdirSync(d)) {
    const p = join(d, e);
    if (statSync(p).isDirectory()) walk(p);
    else if (p.endsWith('.test.js')) files.push(p);
  }
};
for (const d of ['dist/src', 'dist/test']) walk(join(root, d));
const only = process.argv.slice(2);
const chosen = only.length ? files.filter((f) => only.some((o) => f.includes(o))) : files;
const r = spawnSync(process.execPath, ['--test', '--test-concurrency=1', '--test-reporter=spec', ...chosen.sort()], { stdio: 'inherit', cwd: root });
process.exit(r.status ?? 1);

#!/usr/bin/env node
// `npm start`: make sample traffic, ingest it into the embedded store, show what Weir found.
import { mkdirSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const data = process.env.WEIR_DATA ?? join(root, 'data');
mkdirSync(data, { recursive: true });
const db = join(data, 'weir.duckdb');
const pcap = join(data, 'sample.pcap');
const weir = (...args) => {
  const r = spawnSync(process.execPath, [join(root, 'bin', 'weir.js'), ...args], { stdio: 'inherit' });
  if (r.status !== 0 && r.status !== 1) process.exit(r.status ?? 1);
};
weir('sample', '-o', pcap);
weir('import', '--force', '--node', 'quickstart', '--db', db, pcap);
console.log('\nFirst sessions found:\n');
weir('sessions', '--db', db, '--limit', '15');
console.log(`
Weir's database is ${db}. Try:
  ./bin/weir.js sessions --db ${db} --expression 'port.dst == 53' --json
  ./bin/weir.js pcap --db ${db} <session id> -o session.pcap
  ./bin/weir.js import --db ${db} /path/to/your/captures/
(The web viewer and its login arrive with \`weir serve\`; see the open issues.)`);

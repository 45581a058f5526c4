#!/usr/bin/env node
// `npm start`: make sample traffic, ingest it into the embedded store, then serve the viewer and
// print its URL and login. The admin password is random, made on the first run and kept in
// data/admin-password (mode 0600) so that later runs can print it again; it is never a default.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { spawn, spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const data = process.env.WEIR_DATA ?? join(root, 'data');
mkdirSync(data, { recursive: true });
const db = join(data, 'weir.duckdb');
const pcap = join(data, 'sample.pcap');
const secret = join(data, 'admin-password');
const weirJs = join(root, 'bin', 'weir.js');
const weir = (...args) => {
  const r = spawnSync(process.execPath, [weirJs, ...args], { stdio: 'inherit' });
  if (r.status !== 0 && r.status !== 1) process.exit(r.status ?? 1);
};
if (!existsSync(secret)) writeFileSync(secret, randomBytes(12).toString('base64url') + '\n', { mode: 0o600 });
const password = process.env.WEIR_ADMIN_PASSWORD ?? readFileSync(secret, 'utf8').trim();
weir('sample', '-o', pcap);
weir('import', '--force', '--node', 'quickstart', '--db', db, pcap);
console.log('\nFirst sessions found:\n');
weir('sessions', '--db', db, '--limit', '10');
const port = process.env.WEIR_PORT ?? '8005';
console.log(`
Starting the viewer. Log in as admin with password ${password} (kept in ${secret}).
  curl -u admin:${password} 'http://localhost:${port}/api/sessions?date=-1&expression=port.dst%3D%3D53'
  API description: http://localhost:${port}/api/openapi.json   (Ctrl-C stops the viewer)
`);
const server = spawn(process.execPath, [weirJs, 'serve', '--db', db, '--node', 'quickstart', '--port', port], {
  stdio: 'inherit', env: { ...process.env, WEIR_ADMIN_PASSWORD: password },
});
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => server.kill(sig));
server.on('exit', (code) => process.exit(code ?? 0));

#!/usr/bin/env node
// Builds the optional libpcap addon (native/pcap) when it is missing. Live capture needs it;
// everything else works without it, so a failed build warns and exits 0.
import { existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const dir = join(dirname(fileURLToPath(import.meta.url)), '..', 'native', 'pcap');
if (existsSync(join(dir, 'build', 'Release', 'weir_pcap.node')) && !process.argv.includes('--force')) process.exit(0);
const candidates = [
  join(dirname(process.execPath), '..', 'lib', 'node_modules', 'npm', 'node_modules', 'node-gyp', 'bin', 'node-gyp.js'),
  join(dirname(process.execPath), 'node_modules', 'npm', 'node_modules', 'node-gyp', 'bin', 'node-gyp.js'),
];
const gyp = candidates.find((p) => existsSync(p));
// Node's own headers, where this Node installed them (Debian's package, or an official tarball):
// without them node-gyp would try to download headers, which offline machines cannot.
const prefix = join(dirname(process.execPath), '..');
const nodedir = existsSync(join(prefix, 'include', 'node', 'node_api.h')) ? [`--nodedir=${prefix}`] : [];
const r = gyp
  ? spawnSync(process.execPath, [gyp, 'rebuild', ...nodedir], { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8' })
  : spawnSync('npx', ['--no-install', 'node-gyp', 'rebuild', ...nodedir], { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8' });
if (r.status !== 0) {
  process.stderr.write(`weir: the libpcap addon did not build, so live capture is unavailable (offline import, the viewer and the tests without live capture are not affected).\n` +
    `      To build it: apt-get install -y libpcap-dev build-essential python3, then npm run build.\n` +
    (r.stderr ? `      node-gyp said: ${r.stderr.trim().split('\n').slice(-3).join(' | ')}\n` : ''));
}

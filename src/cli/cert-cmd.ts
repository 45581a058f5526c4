// `weir cert ca|issue`: a project CA and certificates signed by it, for mutual TLS between central
// viewers and node APIs (the node accepts only clients holding a certificate of this CA). Made
// with the openssl command (EC P-256).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { isIP } from 'node:net';
import { join } from 'node:path';
import { UsageError, str } from './args.js';
import { parseCommand } from './common.js';

function openssl(args: string[]): void {
  const r = spawnSync('openssl', args, { encoding: 'utf8' });
  if (r.error) throw new Error(`openssl is needed for weir cert: ${r.error.message}`);
  if (r.status !== 0) throw new Error(`openssl ${args[0]} failed: ${r.stderr.trim().split('\n').pop()}`);
}

export async function runCert(argv: string[]): Promise<number> {
  const a = parseCommand(argv, ['dir', 'days', 'host'], []);
  const [action, name, ...extra] = a.positional;
  const dir = str(a, 'dir') ?? 'weir-ca';
  const days = str(a, 'days') ?? '825';
  if (extra.length) throw new UsageError(`unexpected argument "${extra[0]}"`);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const caKey = join(dir, 'ca.key'), caCrt = join(dir, 'ca.crt');
  if (action === 'ca') {
    if (existsSync(caKey)) throw new UsageError(`${caKey} exists: a CA is made once (remove it to start over)`);
    openssl(['ecparam', '-name', 'prime256v1', '-genkey', '-noout', '-out', caKey]);
    openssl(['req', '-x509', '-new', '-key', caKey, '-sha256', '-days', '3650', '-subj', '/CN=Weir fleet CA', '-out', caCrt]);
    process.stdout.write(`weir: CA in ${caCrt} (key ${caKey}: keep it off the nodes)\n`);
    return 0;
  }
  if (action !== 'issue' || !name || !/^[A-Za-z0-9._-]+$/.test(name)) throw new UsageError('usage: weir cert ca --dir DIR | weir cert issue NAME --dir DIR [--host H[,H...]]');
  if (!existsSync(caKey)) throw new UsageError(`no CA in ${dir}: run weir cert ca --dir ${dir} first`);
  const hosts = (str(a, 'host') ?? name).split(',').filter(Boolean);
  const san = hosts.map((h) => (isIP(h) ? `IP:${h}` : `DNS:${h}`)).join(',');
  const key = join(dir, `${name}.key`), csr = join(dir, `${name}.csr`), crt = join(dir, `${name}.crt`), ext = join(dir, `${name}.ext`);
  openssl(['ecparam', '-name', 'prime256v1', '-genkey', '-noout', '-out', key]);
  openssl(['req', '-new', '-key', key, '-subj', `/CN=${name}`, '-out', csr]);
  // Both uses: a node serves with it, a viewer presents it as a client.
  writeFileSync(ext, `subjectAltName=${san}\nextendedKeyUsage=serverAuth,clientAuth\nbasicConstraints=CA:FALSE\n`);
  openssl(['x509', '-req', '-in', csr, '-CA', caCrt, '-CAkey', caKey, '-CAcreateserial', '-days', days, '-sha256', '-extfile', ext, '-out', crt]);
  rmSync(csr);
  rmSync(ext);
  process.stdout.write(`weir: ${crt} and ${key} for ${name} (${san}), signed by ${caCrt}\n`);
  return 0;
}

// `weir user` on the CLI, and the viewer over HTTPS with a certificate made here by openssl:
// users added, listed, re-passworded and removed take effect at login; TLS cookies are Secure.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { request } from 'node:https';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { scratchDir } from './helpers/ingest.js';
import { weir } from './helpers/cli.js';
import { DuckDbStore } from '../src/store/duckdb/duckdb-store.js';
import { createViewer } from '../src/viewer/server.js';

test('weir user add, list, passwd, remove; passwords stored as scrypt hashes', async () => {
  const { dir, cleanup } = scratchDir('weir-users-');
  const db = join(dir, 'weir.duckdb');
  try {
    const add = weir(['user', 'add', 'alice', '--role', 'viewer', '--expression', 'port.dst == 53', '--db', db]);
    assert.equal(add.status, 0, add.stderr);
    const pw = /alice: password (\S+) \(shown once\)/.exec(add.stdout)?.[1];
    assert.ok(pw && pw.length >= 12, 'a random password is printed once');
    assert.equal(weir(['user', 'add', 'bob', '--password-stdin', '--db', db], { input: 'bob-password-1\n' }).status, 0);
    assert.match(weir(['user', 'add', 'bob', '--db', db]).stderr, /user bob exists/);
    assert.match(weir(['user', 'add', 'carol', '--role', 'root', '--db', db]).stderr, /--role must be one of admin, analyst, viewer/);
    assert.match(weir(['user', 'add', 'dave', '--expression', 'port.dst ==', '--db', db]).stderr, /position/);
    assert.match(weir(['user', 'add', 'erin', '--password-stdin', '--db', db], { input: 'short\n' }).stderr, /at least 8 characters/);
    const list = weir(['user', 'list', '--json', '--db', db]).stdout.trim().split('\n').map((l) => JSON.parse(l));
    assert.deepEqual(list.map((u) => [u.id, u.roles, u.expression]), [['alice', ['viewer'], 'port.dst == 53'], ['bob', ['analyst'], null]]);
    assert.equal(weir(['user', 'passwd', 'bob', '--password-stdin', '--db', db], { input: 'bob-password-2\n' }).status, 0);
    assert.equal(weir(['user', 'remove', 'alice', '--db', db]).status, 0);
    assert.match(weir(['user', 'remove', 'alice', '--db', db]).stderr, /no user alice/);

    const store = await DuckDbStore.open(db);
    try {
      const bob = await store.getUser('bob');
      assert.match(bob!.passwordHash, /^scrypt\$32768\$8\$1\$/);
      assert.ok(!bob!.passwordHash.includes('bob-password'));
      const viewer = await createViewer({ store, node: 'n', log: () => undefined });
      assert.ok(viewer.adminPassword, 'no admin yet: one is made and its password returned');
      await new Promise<void>((r) => viewer.server.listen(0, '127.0.0.1', () => r()));
      const base = `http://127.0.0.1:${(viewer.server.address() as AddressInfo).port}`;
      const login = (password: string) => fetch(`${base}/api/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ user: 'bob', password }) });
      assert.equal((await login('bob-password-1')).status, 401, 'the old password is gone');
      assert.equal((await login('bob-password-2')).status, 200);
      await viewer.close();
    } finally {
      await store.close();
    }
  } finally {
    cleanup();
  }
});

test('HTTPS: the viewer serves TLS with the given certificate and marks its cookie Secure', { skip: !existsSync('/usr/bin/openssl') && 'openssl absent' }, async () => {
  const { dir, cleanup } = scratchDir('weir-tls-');
  try {
    const key = join(dir, 'key.pem'), cert = join(dir, 'cert.pem');
    execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', cert, '-days', '1', '-subj', '/CN=127.0.0.1'], { stdio: 'ignore' });
    const store = await DuckDbStore.open(join(dir, 'weir.duckdb'));
    process.env.WEIR_ADMIN_PASSWORD = 'tls-admin-password';
    const viewer = await createViewer({ store, node: 'n', tls: { cert: readFileSync(cert), key: readFileSync(key) }, log: () => undefined });
    delete process.env.WEIR_ADMIN_PASSWORD;
    await new Promise<void>((r) => viewer.server.listen(0, '127.0.0.1', () => r()));
    const port = (viewer.server.address() as AddressInfo).port;
    const res = await new Promise<{ status: number; cookie: string; peerCert: string }>((resolve, reject) => {
      const req = request({ host: '127.0.0.1', port, path: '/api/login', method: 'POST', ca: readFileSync(cert), checkServerIdentity: () => undefined, headers: { 'content-type': 'application/json' } }, (r) => {
        r.resume();
        const sock = r.socket as import('node:tls').TLSSocket;
        resolve({ status: r.statusCode!, cookie: String(r.headers['set-cookie'] ?? ''), peerCert: sock.getPeerCertificate().subject.CN as string });
      });
      req.on('error', reject);
      req.end(JSON.stringify({ user: 'admin', password: 'tls-admin-password' }));
    });
    assert.equal(res.status, 200);
    assert.equal(res.peerCert, '127.0.0.1');
    assert.match(res.cookie, /HttpOnly; SameSite=Strict; Secure/);
    await viewer.close();
    await store.close();
  } finally {
    cleanup();
  }
});

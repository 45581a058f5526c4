// A live capture node of the fleet: `weir capture --store clickhouse://... --listen` captures on a
// veth (traffic replayed from a network namespace), sends its sessions to ClickHouse, registers
// itself and serves signed node API requests while it runs; a central viewer then finds the
// sessions and reads their packets from the node's capture files through its API.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { writeSample } from '../src/sample/generate.js';
import { ClickHouseStore } from '../src/store/clickhouse/clickhouse-store.js';
import { FleetPacketSource } from '../src/node-api/fleet-source.js';
import { NodeKeys } from '../src/node-api/signing.js';
import { exportSessionPcap } from '../src/ingest/export.js';
import { importFiles } from '../src/ingest/importer.js';
import { DEFAULT_SESSION_CONFIG } from '../src/session/timeouts.js';
import { clickHouseAvailable, startClickHouse } from './helpers/clickhouse.js';
import { initClickHouse, scratchDir, withStore } from './helpers/ingest.js';
import { liveCaptureMissing, makeVeth } from './helpers/netns.js';
import { WEIR } from './helpers/cli.js';
import { startApi } from './helpers/viewer.js';

const SECRET = 'fleet-live-test-shared-secret-0123456789ab';
const missing = liveCaptureMissing() ?? (clickHouseAvailable() ? null : 'clickhouse-server is not installed');
if (missing) console.log(`\n*** SKIPPING the live fleet node test: ${missing} ***\n`);

/** Starts a weir command and resolves once its output matches `ready`. */
function startWeir(args: string[], ready: RegExp): Promise<{ proc: ChildProcess; match: RegExpExecArray; output: () => string }> {
  const proc = spawn(process.execPath, [WEIR, ...args], { env: { ...process.env, WEIR_NODE_SECRET: SECRET } });
  let out = '';
  return new Promise((resolve, reject) => {
    const look = (d: Buffer) => {
      out += d;
      const m = ready.exec(out);
      if (m) resolve({ proc, match: m, output: () => out });
    };
    proc.stdout!.on('data', look);
    proc.stderr!.on('data', look);
    proc.once('exit', (code) => reject(new Error(`weir ${args[0]} exited ${code}: ${out}`)));
  });
}

test('live fleet node: capture to ClickHouse, node API while capturing, packets read by a central viewer', { skip: missing ?? false, timeout: 300_000 }, async () => {
  const { dir, cleanup } = scratchDir('weir-fleet-live-');
  const v = makeVeth('f');
  const ch = await startClickHouse(1);
  const procs: ChildProcess[] = [];
  try {
    await initClickHouse(ch.url);
    const sample = join(dir, 'sample.pcap');
    writeSample(sample);
    const url = `${ch.url}?spool=${join(dir, 'spool')}`;
    // Capture in this namespace on the outer end (ClickHouse and 127.0.0.2 are reachable here);
    // the traffic comes from the namespace's end.
    const cap = await startWeir(['capture', '-i', v.outer, '--store', url, '--node', 'live1', '--dir', join(dir, 'pcap'), '--listen', '127.0.0.2:0', '--quiet'], /node API at (\S+)/);
    procs.push(cap.proc);
    const store = await ClickHouseStore.open(`${ch.url}?spool=${join(dir, 'central-spool')}`);
    const source = new FleetPacketSource({ keys: NodeKeys.shared(SECRET), nodes: () => store.listNodes(), timeoutMs: 3000 });
    try {
      const registered = (await store.listNodes()).find((n) => n.name === 'live1');
      assert.equal(registered?.url, cap.match[1], 'the node registered its API');
      assert.equal(await source.up('live1'), null, 'its API answers signed requests while it captures');
      const r = spawnSync('ip', ['netns', 'exec', v.ns, 'tcpreplay', '-i', v.inner, '--pps', '3000', sample], { encoding: 'utf8' });
      assert.equal(r.status, 0, r.stderr);
      await new Promise((res) => setTimeout(res, 1500));
      const stopped = new Promise<number | null>((res) => cap.proc.once('exit', res));
      cap.proc.kill('SIGTERM');
      assert.equal(await stopped, 0, cap.output());

      // The same sessions as an offline import of what was sent.
      const offline = await withStore(async (duck) => (await importFiles(duck, [sample], { node: 'x', config: DEFAULT_SESSION_CONFIG, workers: 1 })).sessions);
      const api = await startApi(store, 'central', source);
      try {
        const found = await api.get('/api/sessions', { date: -1, length: 1000, fields: 'node,id,packets', expression: 'node == live1' });
        assert.equal(found.json.recordsFiltered, offline, 'every captured session reached ClickHouse');
        // The capture has ended: the node's packets are served by `weir node` over the same files.
        const node = await startWeir(['node', '--store', url, '--node', 'live1', '--listen', '127.0.0.2:0'], /API at (\S+)/);
        procs.push(node.proc);
        for (const s of (found.json.data as { id: string; packets: number }[]).slice(0, 10)) {
          const got = await api.get(`/api/session/live1/${s.id}.pcap`);
          assert.equal(got.status, 200, got.body.toString());
          const sink = new PassThrough();
          const chunks: Buffer[] = [];
          sink.on('data', (c: Buffer) => chunks.push(c));
          await exportSessionPcap(store, s.id, sink);
          assert.ok(got.body.equals(Buffer.concat(chunks)), `session ${s.id}: the bytes the node's capture files hold`);
        }
      } finally {
        await api.close();
      }
    } finally {
      await store.close();
    }
  } finally {
    for (const p of procs) if (p.exitCode === null) p.kill('SIGKILL');
    await ch.close();
    v.remove();
    cleanup();
  }
});

// The fleet on one machine: a two-shard ClickHouse (two clickhouse-server processes, a Distributed
// table), two nodes that imported different captures (each its own PCAP folder, node API on its
// own 127.0.0.x address, separate processes) and a central viewer that holds no packets. It finds
// both nodes' sessions; packets, session PCAP and a query export spanning both nodes are the bytes
// each node holds, in time order; a node that stops is named, fast, and never hangs a request.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { copyFileSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { writeSample } from '../src/sample/generate.js';
import { ClickHouseStore } from '../src/store/clickhouse/clickhouse-store.js';
import { ClickHouseClient } from '../src/store/clickhouse/client.js';
import { parseClickHouseUrl } from '../src/store/clickhouse/location.js';
import { FleetPacketSource } from '../src/node-api/fleet-source.js';
import { NodeKeys } from '../src/node-api/signing.js';
import { exportSessionPcap } from '../src/ingest/export.js';
import { readCapture } from '../src/pcap/reader.js';
import { clickHouseAvailable, startClickHouse } from './helpers/clickhouse.js';
import { initClickHouse, scratchDir } from './helpers/ingest.js';
import { corpusOrSkip } from './helpers/corpus.js';
import { WEIR, weir } from './helpers/cli.js';
import { startApi } from './helpers/viewer.js';

const SECRET = 'fleet-test-shared-secret-0123456789abcdef';

function startNode(url: string, node: string, host: string): Promise<{ proc: ChildProcess; api: string }> {
  const proc = spawn(process.execPath, [WEIR, 'node', '--store', url, '--node', node, '--listen', `${host}:0`], { env: { ...process.env, WEIR_NODE_SECRET: SECRET } });
  return new Promise((resolve, reject) => {
    let out = '', err = '';
    proc.stderr!.on('data', (d) => (err += d));
    proc.stdout!.on('data', (d) => {
      out += d;
      const m = /API at (\S+)/.exec(out);
      if (m) resolve({ proc, api: m[1] });
    });
    proc.once('exit', (code) => reject(new Error(`weir node ${node} exited ${code}: ${err}`)));
  });
}

async function pcapPackets(bytes: Buffer, dir: string, name: string): Promise<{ tsUs: number; hex: string }[]> {
  const path = join(dir, name);
  writeFileSync(path, bytes);
  const out: { tsUs: number; hex: string }[] = [];
  await readCapture(path, (p) => out.push({ tsUs: p.tsUs, hex: Buffer.from(p.data.subarray(p.off, p.off + p.caplen)).toString('hex') }));
  return out;
}

async function heldByNode(store: ClickHouseStore, id: string): Promise<Buffer> {
  const sink = new PassThrough();
  const chunks: Buffer[] = [];
  sink.on('data', (c: Buffer) => chunks.push(c));
  await exportSessionPcap(store, id, sink);
  return Buffer.concat(chunks);
}

test('fleet: two shards, two nodes, one central viewer; packets come from the node that holds them', { timeout: 900_000 }, async (t) => {
  if (!clickHouseAvailable()) {
    console.log('\n*** SKIPPING: clickhouse-server is not installed; the fleet was NOT checked ***\n');
    return t.skip('clickhouse-server absent');
  }
  const { dir, cleanup } = scratchDir();
  const ch = await startClickHouse(2);
  const procs: ChildProcess[] = [];
  try {
    await initClickHouse(ch.url);
    // Each node its own PCAP folder; the two samples interleave in time (the export must merge).
    const inputs: Record<string, string[]> = { n1: [], n2: [] };
    const t0 = Date.UTC(2026, 5, 1, 12);
    for (const [i, node] of ['n1', 'n2'].entries()) {
      mkdirSync(join(dir, node));
      const p = join(dir, node, 'sample.pcap');
      writeSample(p, { startMs: t0 + i * 137 });
      inputs[node].push(p);
    }
    const corpus = corpusOrSkip('arkime');
    if (corpus) {
      // Different corpus files per node, copied into the node's own folder (its PCAP directory).
      const files = readdirSync(corpus).filter((f) => f.endsWith('.pcap')).sort();
      for (const [k, node] of ['n1', 'n2'].entries()) {
        for (const f of files.filter((_, i) => i % 2 === k).slice(0, 8)) {
          copyFileSync(join(corpus, f), join(dir, node, f));
          inputs[node].push(join(dir, node, f));
        }
      }
    }
    for (const node of ['n1', 'n2']) {
      const r = weir(['import', '--quiet', '--store', `${ch.url}&spool=${join(dir, node, 'spool')}`, '--node', node, ...inputs[node]]);
      assert.equal(r.status, 0, r.stderr);
    }
    const n1 = await startNode(ch.url, 'n1', '127.0.0.2');
    const n2 = await startNode(ch.url, 'n2', '127.0.0.3');
    procs.push(n1.proc, n2.proc);
    assert.match(n1.api, /^http:\/\/127\.0\.0\.2:\d+$/);

    // Rows sit on both shards; the central store reads them through the Distributed table.
    const loc = parseClickHouseUrl(ch.url);
    for (const e of loc.shards) {
      const c = new ClickHouseClient(e);
      assert.ok(Number((await c.rows('SELECT count() AS n FROM sessions_local'))[0].n) > 0, `shard ${e.port} holds sessions`);
      c.close();
    }
    const store = await ClickHouseStore.open(`${ch.url}&spool=${join(dir, 'central-spool')}`);
    const source = new FleetPacketSource({ keys: NodeKeys.shared(SECRET), nodes: () => store.listNodes(), timeoutMs: 3000 });
    const api = await startApi(store, 'central', source);
    try {
      const files = await store.listFiles();
      assert.equal(files.length, inputs.n1.length + inputs.n2.length);
      for (const f of files) assert.ok(f.path.startsWith(join(dir, f.node)), `${f.path} lies in node ${f.node}'s folder`);
      const count = async (expression: string) => (await api.get('/api/sessions', { date: -1, length: 0, expression })).json.recordsFiltered as number;
      const [c1, c2] = [await count('node == n1'), await count('node == n2')];
      assert.ok(c1 > 80 && c2 > 80, `sessions of both nodes: ${c1}, ${c2}`);

      // Session PCAP through the viewer = what the owning node holds, for sessions of both nodes.
      const page = (await api.get('/api/sessions', { date: -1, length: 2000, fields: 'node,id,firstPacket,packets', order: 'firstPacket:asc', expression: 'port.dst == 53 || port.dst == 80' })).json.data as { node: string; id: string; packets: number }[];
      const pick = ['n1', 'n2'].flatMap((n) => page.filter((s) => s.node === n).slice(0, 6));
      assert.equal(pick.length, 12);
      for (const s of pick) {
        const viaViewer = await api.get(`/api/session/${s.node}/${s.id}.pcap`);
        assert.equal(viaViewer.status, 200, viaViewer.body.toString());
        assert.ok(viaViewer.body.equals(await heldByNode(store, s.id)), `session ${s.id} of ${s.node}: bytes differ from the node's own`);
        const decoded = await api.get(`/api/session/${s.node}/${s.id}/packets`);
        assert.equal(decoded.json.totalPackets, s.packets);
      }

      // One export spanning both nodes: every packet of every matching session, in time order.
      const expression = 'ip.protocol == 17 && port.dst == 53';
      const exp = await api.get('/api/sessions.pcapng', { date: -1, expression });
      assert.equal(exp.status, 200, exp.body.toString());
      assert.equal(exp.headers.get('x-weir-partial'), null);
      const merged = await pcapPackets(exp.body, dir, 'merged.pcapng');
      const matching = (await api.get('/api/sessions', { date: -1, length: 10000, fields: 'node,id,packets', expression })).json.data as { node: string; id: string; packets: number }[];
      assert.ok(new Set(matching.map((s) => s.node)).size === 2, 'the export spans both nodes');
      const want: string[] = [];
      for (const s of matching) for (const p of await pcapPackets(await heldByNode(store, s.id), dir, `${s.id}.pcap`)) want.push(`${p.tsUs} ${p.hex}`);
      assert.equal(merged.length, want.length);
      assert.deepEqual(merged.map((p) => `${p.tsUs} ${p.hex}`).sort(), want.sort(), 'the same packets');
      for (let i = 1; i < merged.length; i++) assert.ok(merged[i].tsUs >= merged[i - 1].tsUs, `packet ${i} out of time order`);

      // The node registry feeds the Stats page.
      const stats = (await api.get('/api/stats')).json.data as { nodeName: string; status: string; url: string }[];
      for (const n of ['n1', 'n2']) assert.equal(stats.find((r) => r.nodeName === n)?.status, 'up', JSON.stringify(stats));

      // Node n2 stops: searches go on, its packets fail fast with its name, exports say what is missing.
      n2.proc.kill('SIGKILL');
      await new Promise((r) => n2.proc.once('exit', r));
      assert.equal(await count('node == n2'), c2);
      const s2 = pick.find((s) => s.node === 'n2')!;
      const started = Date.now();
      const gone = await api.get(`/api/session/n2/${s2.id}.pcap`);
      assert.equal(gone.status, 502);
      assert.match(gone.json.text, /node n2 is unavailable/);
      assert.ok(Date.now() - started < 5000, 'fails fast');
      const partial = await api.get('/api/sessions.pcapng', { date: -1, expression });
      assert.equal(partial.status, 200);
      assert.match(partial.headers.get('x-weir-partial') ?? '', /node n2 is unavailable/);
      const onlyN1 = await pcapPackets(partial.body, dir, 'partial.pcapng');
      const n1Packets = matching.filter((s) => s.node === 'n1').reduce((a, s) => a + s.packets, 0);
      assert.equal(onlyN1.length, n1Packets);
      const s1 = pick.find((s) => s.node === 'n1')!;
      assert.equal((await api.get(`/api/session/n1/${s1.id}.pcap`)).status, 200, 'the other node still serves');
    } finally {
      await api.close();
      await store.close();
    }
  } finally {
    for (const p of procs) if (p.exitCode === null) p.kill('SIGKILL');
    await ch.close();
    cleanup();
  }
});

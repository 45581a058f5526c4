// The parallel engine stores exactly what one worker stores: every session with every field, on
// the whole corpus (one continuous stream, and file by file) and on traffic Weir makes itself.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { corpusOrSkip } from './helpers/corpus.js';
import { scratchDir } from './helpers/ingest.js';
import { weir } from './helpers/cli.js';
import { writeApiTraffic } from './helpers/api-traffic.js';
import { writeBigCapture } from './helpers/big-capture.js';
import { DuckDbStore } from '../src/store/duckdb/duckdb-store.js';
import type { SessionDoc } from '../src/session/record.js';
import { writeFileSync } from 'node:fs';
import { DEFAULT_SESSION_CONFIG } from '../src/session/timeouts.js';
import { importFiles, type ImportSummary } from '../src/ingest/importer.js';
import { MAX_IN_FLIGHT } from '../src/ingest/parallel/parallel-engine.js';
import { BATCH_BYTES } from '../src/ingest/parallel/batch.js';
import { ethernet, ipv4, pcapFile, udp } from '../src/pcap/frame-builder.js';

/** Stored sessions as comparable strings: ids are random, so a root id becomes its root's first packet. */
async function storedSessions(db: string): Promise<string[]> {
  const store = await DuckDbStore.open(db, { readOnly: true });
  const docs: SessionDoc[] = [];
  try {
    for await (const s of store.querySessions({ terms: [] })) docs.push(s);
  } finally {
    await store.close();
  }
  const firstPacket = new Map(docs.map((d) => [d.id as string, `${(d.fileId as number[])[0]}@${(d.packetPos as number[])[0]}`]));
  return docs
    .map((d) => {
      const { id: _id, rootId, ...rest } = d;
      return JSON.stringify({ ...rest, root: firstPacket.get(rootId as string) ?? 'missing' }, Object.keys({ ...rest, root: 0 }).sort());
    })
    .sort();
}

function importWith(dir: string, name: string, workers: number, inputs: string[], extra: string[]): string {
  const db = join(dir, `${name}-${workers}.duckdb`);
  // One worker parses packets in place in the reader's one reused buffer, many workers parse copies:
  // 64 KiB chunks put thousands of chunk boundaries in the input, so a parser that kept a view of a
  // packet instead of a copy would see it overwritten and store something else.
  const env = workers === 1 ? { WEIR_READ_CHUNK_BYTES: '65536' } : {};
  const r = weir(['import', '--quiet', '--workers', String(workers), '--db', db, '--node', 'eq', ...extra, ...inputs], { env });
  assert.ok(r.status === 0 || r.status === 1, `import --workers ${workers} exited ${r.status}: ${r.stderr.slice(-1500)}`);
  assert.doesNotMatch(r.stderr, /\n\s+at .*\.js:\d+/, 'a stack trace reached the user');
  return db;
}

async function assertSame(dir: string, name: string, inputs: string[], extra: string[], workers = 3): Promise<number> {
  const one = await storedSessions(importWith(dir, name, 1, inputs, extra));
  const many = await storedSessions(importWith(dir, name, workers, inputs, extra));
  assert.ok(one.length > 0, 'nothing was stored');
  const a = new Set(one);
  const b = new Set(many);
  const onlyOne = one.filter((s) => !b.has(s));
  const onlyMany = many.filter((s) => !a.has(s));
  assert.equal(many.length, one.length, `session count: ${workers} workers ${many.length}, 1 worker ${one.length}`);
  assert.equal(onlyOne.length + onlyMany.length, 0, `${onlyOne.length} sessions differ; first with 1 worker:\n${onlyOne[0]}\nwith ${workers}:\n${onlyMany[0]}`);
  assert.deepEqual(many, one);
  return one.length;
}

test('self-made traffic: 1 and 4 workers store identical sessions', { timeout: 300_000 }, async () => {
  const { dir, cleanup } = scratchDir();
  try {
    const { sample, gzip } = writeApiTraffic(dir);
    const big = join(dir, 'big.pcap');
    await writeBigCapture(big, 64 << 20, 3000);
    const n = await assertSame(dir, 'own', [sample, gzip, big], [], 4);
    console.log(`self-made traffic: ${n} sessions identical with 1 and 4 workers`);
  } finally {
    cleanup();
  }
});

const CORPUS_CASES: [label: string, name: string, extra: string[], workers: number][] = [
  ['as one stream', 'stream', [], 3],
  ['file by file (--flush)', 'flush', ['--flush'], 2],
];

for (const [label, name, extra, workers] of CORPUS_CASES) {
  test(`whole corpus ${label}: 1 and ${workers} workers store identical sessions`, { timeout: 600_000 }, async (t) => {
    const corpus = corpusOrSkip('');
    if (!corpus) return t.skip('corpus absent');
    const { dir, cleanup } = scratchDir();
    try {
      const n = await assertSame(dir, name, [corpus], extra, workers);
      console.log(`corpus ${label}: ${n} sessions identical with 1 and ${workers} workers`);
    } finally {
      cleanup();
    }
  });
}

/** `n` one-packet DNS sessions, 1 ms apart: one template frame, its client address and port patched. */
function dnsCapture(path: string, n: number): void {
  const query = Buffer.from('12340100000100000000000003777777076578616d706c6503636f6d0000010001', 'hex');
  const frame = ethernet('02:00:00:00:00:01', '02:00:00:00:00:02', 0x0800, ipv4({ src: '10.0.0.0', dst: '192.0.2.53', proto: 17 }, udp(1024, 53, query)));
  const out = Buffer.alloc(24 + n * (16 + frame.length));
  pcapFile([]).copy(out, 0, 0, 24);
  let o = 24;
  for (let i = 0; i < n; i++) {
    const us = 1_700_000_000_000_000 + i * 1000;
    out.writeUInt32LE(Math.floor(us / 1e6), o);
    out.writeUInt32LE(us % 1e6, o + 4);
    out.writeUInt32LE(frame.length, o + 8);
    out.writeUInt32LE(frame.length, o + 12);
    frame.copy(out, o + 16);
    out.writeUInt32BE((10 << 24) | i, o + 16 + 14 + 12);
    out.writeUInt16BE(1024 + (i % 60000), o + 16 + 34);
    o += 16 + frame.length;
  }
  writeFileSync(path, out);
}

/** Imports into a real store made slow (every hand-over of rows waits 50 ms first). */
async function slowImport(dir: string, cap: string, workers: number): Promise<ImportSummary> {
  const store = await DuckDbStore.open(join(dir, `slow-${Date.now()}.duckdb`));
  const slow = new Proxy(store, {
    get(target, prop) {
      const v = Reflect.get(target, prop, target);
      if (prop === 'appendEncoded' || prop === 'appendSessions') {
        return async (...args: unknown[]) => {
          await new Promise((r) => setTimeout(r, 50));
          return (v as (...a: unknown[]) => Promise<void>).apply(target, args);
        };
      }
      return typeof v === 'function' ? v.bind(target) : v;
    },
  });
  try {
    // Sessions end after 1 s idle: a steady stream of them keeps the store busy.
    return await importFiles(slow, [cap], { node: 'bp', workers, config: { ...DEFAULT_SESSION_CONFIG, udpTimeout: 1 } });
  } finally {
    await store.close();
  }
}

test('back-pressure: a slow store slows the reader; queues stay bounded, whatever the input size', { timeout: 300_000 }, async () => {
  const { dir, cleanup } = scratchDir();
  try {
    const workers = 2;
    const sizes = [150_000, 450_000];
    const runs: ImportSummary[] = [];
    for (const n of sizes) {
      const cap = join(dir, `dns-${n}.pcap`);
      dnsCapture(cap, n);
      const s = await slowImport(dir, cap, workers);
      assert.equal(s.sessions, n, 'every session stored');
      console.log(`slow store, ${n} sessions: at most ${s.queue!.maxBatchesInFlight} batches in flight, ${s.queue!.maxSessionsWaiting} sessions waiting for the store`);
      runs.push(s);
    }
    // Settle lets each worker hold MAX_IN_FLIGHT batches; one read chunk (4 MiB) adds its packets'
    // batches (a frame's batch entry can be twice its file record, for small frames).
    const bound = workers * (MAX_IN_FLIGHT + 1) + 2 * ((4 << 20) / BATCH_BYTES);
    for (const s of runs) assert.ok(s.queue!.maxBatchesInFlight <= bound, `batches in flight ${s.queue!.maxBatchesInFlight} > ${bound}`);
    // Three times the input, not three times the queue: the reader waited for the store.
    const [a, b] = runs.map((s) => s.queue!.maxSessionsWaiting);
    assert.ok(b <= a * 1.5 + 2 * 2048, `sessions waiting grew with the input: ${a} -> ${b}`);
  } finally {
    cleanup();
  }
});

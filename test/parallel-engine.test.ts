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
  const r = weir(['import', '--quiet', '--workers', String(workers), '--db', db, '--node', 'eq', ...extra, ...inputs]);
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

test('whole corpus as one stream: 1 and 3 workers store identical sessions', { timeout: 600_000 }, async (t) => {
  const corpus = corpusOrSkip('');
  if (!corpus) return t.skip('corpus absent');
  const { dir, cleanup } = scratchDir();
  try {
    const n = await assertSame(dir, 'stream', [corpus], []);
    console.log(`corpus, one stream: ${n} sessions identical with 1 and 3 workers`);
  } finally {
    cleanup();
  }
});

test('whole corpus file by file (--flush): 1 and 2 workers store identical sessions', { timeout: 600_000 }, async (t) => {
  const corpus = corpusOrSkip('');
  if (!corpus) return t.skip('corpus absent');
  const { dir, cleanup } = scratchDir();
  try {
    const n = await assertSame(dir, 'flush', [corpus], ['--flush'], 2);
    console.log(`corpus, file by file: ${n} sessions identical with 1 and 2 workers`);
  } finally {
    cleanup();
  }
});

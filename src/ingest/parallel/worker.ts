// A packet worker: owns the sessions of its share of the flow hash, with its own session table
// and parsers and no locks. Batches come in from the reader and go back (transferred) with the
// sessions they completed, encoded for the store a chunk at a time (or as records, for a store
// that takes no encoded rows).
import { parentPort, workerData } from 'node:worker_threads';
import { fieldSignature } from '../../fields/catalogue.js';
import { Pipeline } from '../pipeline.js';
import { RawPacket } from '../../pcap/raw-packet.js';
import { streamMemory } from '../../session/stream.js';
import { setOuiFile } from '../../session/oui.js';
import { readBatch, type BatchHandler } from './batch.js';
import type { FromWorker, ToWorker, WorkerSetup } from './messages.js';
import { RowEncoder, type EncodedRows } from '../../store/duckdb/row-encoder.js';
import { CHUNK_ROWS } from '../../store/duckdb/chunk-rows.js';
import type { SessionRecord } from '../../session/record.js';

const setup = workerData as WorkerSetup;
if (setup.fields !== fieldSignature()) throw new Error('field catalogue differs from the reader thread\'s');
if (setup.ouiFile) setOuiFile(setup.ouiFile);
streamMemory.limit = setup.reassemblyBytes;
const names = new Map<number, string>();
const pipeline = new Pipeline({ node: setup.node, fileName: (id) => names.get(id) ?? String(id) }, setup.config, false);
const raw = new RawPacket();
const port = parentPort!;

const handler: BatchHandler = {
  packet(p, fileId) {
    pipeline.fileId = fileId;
    pipeline.packet(p);
  },
  expired(p, fileId) {
    pipeline.expiredPacket({ fileId, filePos: p.filePos, caplen: p.caplen, frameLen: p.origlen, tsUs: p.tsUs, linktype: p.linktype, frame: p.data.subarray(p.off, p.off + p.caplen) });
  },
  sweep(tsUs) {
    pipeline.tracker.sweep(tsUs);
  },
  flush() {
    pipeline.tracker.flush();
  },
};

const encoder = setup.layout ? new RowEncoder(setup.layout) : null;
const held: SessionRecord[] = [];

/** Sends completed sessions: as records, or encoded a chunk at a time (all of them when `all`). */
function post(t: 'done' | 'finished', ab: ArrayBuffer | null, all: boolean): void {
  const records = pipeline.drain();
  const encoded: EncodedRows[] = [];
  if (encoder) {
    for (const r of records) held.push(r);
    while (held.length >= CHUNK_ROWS || (all && held.length)) encoded.push(encoder.encode(held.splice(0, CHUNK_ROWS)));
  }
  const transfer = encoded.map((e) => e.arena);
  if (ab) transfer.push(ab);
  const base = { records: encoder ? [] : records, encoded, active: pipeline.tracker.active };
  if (t === 'done') port.postMessage({ t, ab, ...base } satisfies FromWorker, transfer);
  else port.postMessage({ t, ...base, unattached: pipeline.tracker.unattached, refused: streamMemory.refused } satisfies FromWorker, transfer);
}

port.on('message', (m: ToWorker) => {
  switch (m.t) {
    case 'file':
      names.set(m.id, m.name);
      break;
    case 'batch':
      readBatch(Buffer.from(m.ab, 0, m.len), m.len, raw, handler);
      post('done', m.ab, false);
      break;
    case 'arena':
      encoder?.recycle(m.ab);
      break;
    case 'emit':
      post('done', null, true);
      break;
    case 'finish':
      pipeline.expireAndFlush();
      post('finished', null, true);
      break;
  }
});

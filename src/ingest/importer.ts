// `weir import`: walks files and directories, refuses re-imports, streams each capture through
// the pipeline into the store, and reports per-file results.
import { createHash } from 'node:crypto';
import { open, readdir, stat } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import { readCapture, type ReadResult } from '../pcap/reader.js';
import type { FileEntry, Store } from '../store/store.js';
import type { PipelineStats } from './pipeline.js';
import { createEngine, storeOutput, type PacketEngine } from './engine.js';
import type { QueueStats } from './parallel/parallel-engine.js';
import type { SessionConfig } from '../session/timeouts.js';
import { pcapBinding } from '../capture/binding.js';
import type { RawPacket } from '../pcap/raw-packet.js';

export interface ImportOptions {
  node: string;
  force?: boolean;
  /** Save every open session at the end of each file: the files are unrelated captures. */
  flushEachFile?: boolean;
  config?: SessionConfig;
  /** Progress callback, called after each chunk. */
  onProgress?: (p: ImportProgress) => void;
  /** Per-file outcome callback. */
  onFile?: (f: FileOutcome) => void;
  /** BPF filter (libpcap syntax): packets it rejects are skipped (counted in `filtered`). */
  filter?: string;
  /** Packet workers (1: on this thread; default cores − 1). */
  workers?: number;
}

export interface ImportProgress {
  file: string;
  rawBytesDone: number;
  rawBytesTotal: number;
  packets: number;
}

export interface FileOutcome {
  path: string;
  fileId: number | null;
  status: 'ok' | 'partial' | 'skipped' | 'failed';
  packets: number;
  message?: string;
  read?: ReadResult;
}

export interface ImportSummary {
  files: number;
  packets: number;
  sessions: number;
  errors: number;
  skipped: number;
  elapsedMs: number;
  outcomes: FileOutcome[];
  corruptPackets: number;
  /** Decoder and session-table counters over the whole import. */
  decode: PipelineStats;
  /** Packets that belong to no session (non-IP frames without a session kind, unknown link types). */
  unattached: number;
  /** Sessions that stopped parsing at the process-wide stream reassembly limit. */
  parseRefused: number;
  /** Packet workers, and the deepest their queues got (absent with one worker, which has none). */
  workers: number;
  queue?: QueueStats;
  /** Packets the BPF filter rejected. */
  filtered: number;
}

const CAPTURE_EXT = /\.(pcap|pcapng|cap|dmp|trace|pcap\d*)(\.(gz|zst))?$/i;

/** Expands directories (recursively, sorted) into capture files; explicit files are taken as given. */
export async function expandInputs(inputs: string[]): Promise<string[]> {
  const out: string[] = [];
  for (const input of inputs) {
    const st = await stat(input).catch(() => null);
    if (!st) throw new Error(`no such file or directory: ${input}`);
    if (st.isDirectory()) {
      const walk = async (dir: string): Promise<void> => {
        const entries = (await readdir(dir, { withFileTypes: true })).sort((a, b) => a.name.localeCompare(b.name));
        for (const e of entries) {
          const p = join(dir, e.name);
          if (e.isDirectory()) await walk(p);
          else if (e.isFile() && CAPTURE_EXT.test(e.name)) out.push(resolve(p));
        }
      };
      await walk(input);
    } else out.push(resolve(input));
  }
  return out;
}

/** Identity of a file's content that is cheap to compute before reading it all: size + first MiB. */
export async function fingerprint(path: string): Promise<string> {
  const fh = await open(path, 'r');
  try {
    const { size } = await fh.stat();
    const head = Buffer.alloc(Math.min(size, 1 << 20));
    await fh.read(head, 0, head.length, 0);
    return createHash('sha256').update(`${size}:`).update(head).digest('hex');
  } finally {
    await fh.close();
  }
}

export async function importFiles(store: Store, inputs: string[], opts: ImportOptions): Promise<ImportSummary> {
  const t0 = Date.now();
  const paths = await expandInputs(inputs);
  const engine = createEngine({ node: opts.node, config: opts.config, workers: opts.workers, layout: store.rowLayout?.() });
  try {
    return await importInto(store, engine, paths, opts, t0);
  } finally {
    await engine.close();
  }
}

async function importInto(store: Store, engine: PacketEngine, paths: string[], opts: ImportOptions, t0: number): Promise<ImportSummary> {
  const summary: ImportSummary = { files: 0, packets: 0, sessions: 0, errors: 0, skipped: 0, elapsedMs: 0, outcomes: [], corruptPackets: 0, decode: engine.stats, unattached: 0, parseRefused: 0, filtered: 0, workers: engine.workers, queue: engine.queue };
  const keep = opts.filter ? bpfFilter(opts.filter) : null;
  const push = async () => {
    await engine.settle();
    summary.sessions += await storeOutput(engine, store);
  };
  const packet = engine.packet;
  const report = (o: FileOutcome) => {
    summary.outcomes.push(o);
    opts.onFile?.(o);
  };
  for (const path of paths) {
    let fp: string;
    try {
      fp = await fingerprint(path);
    } catch (e) {
      summary.errors++;
      report({ path, fileId: null, status: 'failed', packets: 0, message: `cannot read: ${(e as Error).message}` });
      continue;
    }
    const prior = await store.findFile(opts.node, fp);
    if (prior && !opts.force) {
      summary.skipped++;
      report({ path, fileId: prior.id, status: 'skipped', packets: 0, message: `already imported as file ${prior.id} (${prior.path}); use --force to import it again` });
      continue;
    }
    if (prior) await store.removeSessionsOfFile(prior.id);
    const id = prior ? prior.id : await store.nextFileId(opts.node);
    const size = (await stat(path)).size;
    const entry: FileEntry = {
      id, node: opts.node, path, format: 'unknown', compression: 'none', linktypes: [], firstPacket: null, lastPacket: null,
      size, packets: 0, sha256: null, fingerprint: fp, importedAt: Date.now(), error: null,
    };
    await store.registerFile(entry);
    engine.beginFile(id, basename(path));
    let first = -1;
    let last = -1;
    let done = 0;
    const before = engine.stats.packets;
    const corruptBefore = engine.stats.corrupt;
    const read = await readCapture(
      path,
      (p) => {
        if (keep && !keep(p)) {
          summary.filtered++;
          return;
        }
        if (first < 0) first = p.tsUs;
        if (p.tsUs > last) last = p.tsUs;
        packet(p);
      },
      {
        onRawBytes: (n) => { done += n; },
        afterChunk: async () => {
          await push();
          opts.onProgress?.({ file: path, rawBytesDone: done, rawBytesTotal: size, packets: engine.stats.packets });
        },
      },
    );
    const packets = engine.stats.packets - before;
    summary.packets += packets;
    summary.corruptPackets += engine.stats.corrupt - corruptBefore;
    summary.files++;
    Object.assign(entry, {
      format: read.format, compression: read.compression, linktypes: read.linktypes, packets,
      firstPacket: first >= 0 ? Math.floor(first / 1000) : null, lastPacket: last >= 0 ? Math.floor(last / 1000) : null,
      sha256: read.sha256, error: read.error ? `at byte ${read.error.offset}: ${read.error.reason}` : null,
    });
    if (opts.flushEachFile) {
      await engine.finish();
      await push();
    }
    await store.completeFile(entry);
    if (read.error) summary.errors++;
    report({
      path, fileId: id, status: read.error ? (packets > 0 ? 'partial' : 'failed') : 'ok', packets, read,
      message: read.error ? `stopped at byte ${read.error.offset}: ${read.error.reason}` : undefined,
    });
  }
  await engine.finish();
  await push();
  await store.flush();
  summary.unattached = engine.unattached;
  summary.parseRefused = engine.parseRefused;
  summary.elapsedMs = Date.now() - t0;
  return summary;
}

/** A BPF filter over raw packets, compiled by libpcap once per link type. */
function bpfFilter(expression: string): (p: RawPacket) => boolean {
  const pcap = pcapBinding();
  const programs = new Map<number, unknown>();
  // Compiled for Ethernet first, so a bad filter fails before anything is read.
  programs.set(1, pcap.compileFilter(expression, 1, 262144));
  return (p) => {
    let prog = programs.get(p.linktype);
    if (prog === undefined) programs.set(p.linktype, (prog = pcap.compileFilter(expression, p.linktype, 262144)));
    return pcap.filterMatches(prog, p.data, p.off, p.caplen, p.origlen);
  };
}

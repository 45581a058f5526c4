// Capture and retention options shared by `weir capture` and `weir serve --capture`.
import { readFileSync } from 'node:fs';
import { str, UsageError, workersOpt, type ParsedArgs } from './args.js';
import type { RetentionOptions } from '../capture/retention.js';
import type { CaptureOptions } from '../capture/capture-node.js';
import type { FsyncPolicy } from '../capture/rolling-writer.js';
import { DEFAULT_SESSION_CONFIG } from '../session/timeouts.js';

export const CAPTURE_OPTIONS = ['bpf', 'roll-size', 'roll-age', 'fsync', 'snaplen', 'buffer', 'queue', 'workers'];

export function positive(a: ParsedArgs, name: string, dflt: number): number {
  const v = str(a, name);
  if (v === undefined) return dflt;
  const n = Number(v);
  if (!Number.isFinite(n) || n <= 0) throw new UsageError(`--${name} needs a positive number`);
  return n;
}

export function captureOptions(a: ParsedArgs, interfaces: string[], dir: string, node: string): CaptureOptions {
  const fsync = (str(a, 'fsync') ?? 'roll') as FsyncPolicy;
  if (!['never', 'roll', 'batch'].includes(fsync)) throw new UsageError('--fsync must be never, roll or batch');
  return {
    interfaces, filter: str(a, 'bpf'), dir, node, fsync,
    snaplen: positive(a, 'snaplen', 262144),
    bufferBytes: positive(a, 'buffer', 64) * 2 ** 20,
    maxFileBytes: positive(a, 'roll-size', 1024) * 2 ** 20,
    maxFileAgeMs: positive(a, 'roll-age', 3600) * 1000,
    queueBytes: positive(a, 'queue', 256) * 2 ** 20,
    config: { ...DEFAULT_SESSION_CONFIG },
    workers: workersOpt(a),
  };
}

export const RETENTION_OPTIONS = ['retain-free', 'retain-bytes', 'retain-age', 'retain-sessions'];

export function retentionOptions(a: ParsedArgs): RetentionOptions {
  const o: RetentionOptions = {};
  const num = (name: string) => {
    const v = str(a, name);
    if (v === undefined) return undefined;
    const n = Number(v.replace(/%$/, ''));
    if (!Number.isFinite(n) || n < 0) throw new UsageError(`--${name} needs a non-negative number`);
    return n;
  };
  const free = str(a, 'retain-free');
  if (free !== undefined) {
    if (free.endsWith('%')) o.minFreePercent = num('retain-free');
    else o.minFreeBytes = num('retain-free')! * 2 ** 20;
  }
  if (str(a, 'retain-bytes') !== undefined) o.maxBytes = num('retain-bytes')! * 2 ** 20;
  if (str(a, 'retain-age') !== undefined) o.maxAgeMs = num('retain-age')! * 3600e3;
  if (str(a, 'retain-sessions') !== undefined) o.sessionMaxAgeMs = num('retain-sessions')! * 86400e3;
  return o;
}

/** Options read from a JSON file (`{"retain-bytes": 1024, ...}`), under those given on the command line. */
export function withFileOptions(a: ParsedArgs, path: string, allowed: string[]): ParsedArgs {
  let obj: Record<string, unknown>;
  try {
    obj = JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    throw new UsageError(`--config ${path}: ${(e as Error).message}`);
  }
  const opts = new Map<string, string | true>();
  for (const [k, v] of Object.entries(obj)) {
    if (!allowed.includes(k)) throw new UsageError(`--config ${path}: unknown option "${k}"`);
    opts.set(k, String(v));
  }
  for (const [k, v] of a.opts) opts.set(k, v);
  return { positional: a.positional, opts };
}

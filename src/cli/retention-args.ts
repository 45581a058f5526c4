// Retention options shared by `weir capture` and `weir serve --capture`.
import { str, UsageError, type ParsedArgs } from './args.js';
import type { RetentionOptions } from '../capture/retention.js';

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

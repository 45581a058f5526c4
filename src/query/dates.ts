// Date values and the time range of a search. Arkime's forms: epoch seconds, "YYYY/MM/DD HH:MM:SS"
// (UTC), ISO 8601, and relative times `-<n><unit>` with an optional snap `@<unit>` (units s m h d w
// M y), e.g. `-2h`, `-7d@d` (seven days ago, at the start of that day).
const UNIT_MS: Record<string, number> = { s: 1e3, m: 60e3, h: 3600e3, d: 86400e3, w: 7 * 86400e3 };

/** Epoch ms, or null when the text is no date. Integers of 13+ digits are ms, shorter ones seconds. */
export function parseDateValue(text: string, now: number): number | null {
  const t = text.trim();
  if (/^-?\d+$/.test(t)) return t.replace('-', '').length >= 13 ? Number(t) : Number(t) * 1000;
  if (t === 'now') return now;
  const rel = /^([+-]\d+)([smhdwMy])(?:@([smhdwMy]))?$|^@([smhdwMy])$/.exec(t);
  if (rel) {
    let ms = rel[1] ? shift(now, Number(rel[1]), rel[2]) : now;
    const snap = rel[3] ?? rel[4];
    if (snap) ms = snapTo(ms, snap);
    return ms;
  }
  const m = /^(\d{4})[/-](\d{1,2})[/-](\d{1,2})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3}))?)?)?(Z|[+-]\d{2}:?\d{2})?$/.exec(t);
  if (m) {
    const utc = Date.UTC(+m[1], +m[2] - 1, +m[3], +(m[4] ?? 0), +(m[5] ?? 0), +(m[6] ?? 0), +(m[7] ?? '0').padEnd(3, '0'));
    // Date.UTC rolls 2026/13/45 over into 2027; a date that does not exist is no date.
    const d = new Date(utc);
    if (d.getUTCMonth() !== +m[2] - 1 || d.getUTCDate() !== +m[3] || +(m[4] ?? 0) > 23 || +(m[5] ?? 0) > 59 || +(m[6] ?? 0) > 59) return null;
    if (!m[8] || m[8] === 'Z') return utc;
    const z = /([+-])(\d{2}):?(\d{2})/.exec(m[8])!;
    return utc - (z[1] === '-' ? -1 : 1) * (Number(z[2]) * 60 + Number(z[3])) * 60e3;
  }
  return null;
}

function shift(ms: number, n: number, unit: string): number {
  if (unit === 'M' || unit === 'y') {
    const d = new Date(ms);
    d.setUTCMonth(d.getUTCMonth() + n * (unit === 'y' ? 12 : 1));
    return d.getTime();
  }
  return ms + n * UNIT_MS[unit];
}

function snapTo(ms: number, unit: string): number {
  const d = new Date(ms);
  if (unit === 'y') return Date.UTC(d.getUTCFullYear(), 0, 1);
  if (unit === 'M') return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1);
  if (unit === 'w') {
    const day = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate());
    return day - ((d.getUTCDay() + 6) % 7) * UNIT_MS.d;
  }
  return Math.floor(ms / UNIT_MS[unit]) * UNIT_MS[unit];
}

export type Bounding = 'first' | 'last' | 'both' | 'either' | 'database';

/** A search's time window (epoch ms, inclusive); no bounds = all time. */
export interface TimeRange {
  startMs?: number;
  stopMs?: number;
  bounding: Bounding;
}

export interface TimeParams {
  date?: number;
  startTime?: string;
  stopTime?: string;
  bounding?: Bounding;
}

/**
 * Arkime's rules: `date=-1` is all time, `date=N` the last N hours; otherwise startTime/stopTime
 * (epoch seconds or any date form above); nothing at all means the last hour, as in Arkime.
 * Null when a bound is unreadable (the caller answers 400).
 */
export function timeRange(p: TimeParams, now: number): TimeRange | string {
  const bounding = p.bounding ?? 'last';
  if (p.date !== undefined && p.date !== -1 && !(p.startTime !== undefined && p.stopTime !== undefined)) {
    if (!(p.date > 0)) return 'date must be -1 (all) or a positive number of hours';
    return { startMs: now - p.date * 3600e3, stopMs: now, bounding };
  }
  if (p.date === -1) return { bounding };
  if (p.startTime === undefined && p.stopTime === undefined) return { startMs: now - 3600e3, stopMs: now, bounding };
  const startMs = p.startTime === undefined ? undefined : parseDateValue(p.startTime, now);
  const stopMs = p.stopTime === undefined ? undefined : parseDateValue(p.stopTime, now);
  if (startMs === null) return `startTime "${p.startTime}" is not a time`;
  if (stopMs === null) return `stopTime "${p.stopTime}" is not a time`;
  // As Arkime: both bounds inclusive at their own precision (stopTime=S ends at S.000).
  return { startMs, stopMs, bounding };
}

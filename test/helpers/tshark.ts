// tshark as a second opinion: conversation tables, cached per file content so reruns are cheap.
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface Conversation {
  proto: 'tcp' | 'udp';
  a: string;
  b: string;
  framesAtoB: number;
  framesBtoA: number;
  frames: number;
  /** Total bytes, when tshark printed an exact figure. */
  bytes: number | null;
}

const CACHE = join(tmpdir(), 'weir-tshark-conv-v1');

export function haveTshark(): boolean {
  try {
    return statSync('/usr/bin/tshark').isFile();
  } catch {
    return false;
  }
}

function run(file: string): Promise<string | null> {
  return new Promise((resolve) => {
    execFile('tshark', ['-n', '-q', '-z', 'conv,tcp', '-z', 'conv,udp', '-r', file], { timeout: 120_000, maxBuffer: 64 << 20 }, (err, stdout) => {
      // tshark exits non-zero on a damaged file after printing what it read; only unreadable files yield nothing.
      resolve(stdout && stdout.includes('Conversations') ? stdout : err ? null : stdout);
    });
  });
}

export async function conversations(file: string): Promise<Conversation[] | null> {
  const st = statSync(file);
  const key = createHash('sha1').update(`${file}|${st.size}|${st.mtimeMs}`).digest('hex');
  const cached = join(CACHE, key);
  let out: string | null;
  if (existsSync(cached)) out = readFileSync(cached, 'utf8');
  else {
    out = await run(file);
    mkdirSync(CACHE, { recursive: true });
    writeFileSync(cached, out ?? '');
  }
  return out ? parseConv(out) : null;
}

function splitEndpoint(s: string): string {
  const i = s.lastIndexOf(':');
  return `${s.slice(0, i)}/${s.slice(i + 1)}`;
}

export function parseConv(text: string): Conversation[] {
  const out: Conversation[] = [];
  let proto: 'tcp' | 'udp' | null = null;
  const re = /^(\S+)\s+<->\s+(\S+)\s+([\d,]+)\s+([\d,.]+)\s+(\S+)\s+([\d,]+)\s+([\d,.]+)\s+(\S+)\s+([\d,]+)\s+([\d,.]+)\s+(\S+)/;
  for (const line of text.split('\n')) {
    if (line.startsWith('TCP Conversations')) proto = 'tcp';
    else if (line.startsWith('UDP Conversations')) proto = 'udp';
    const m = re.exec(line);
    if (!m || !proto) continue;
    const n = (x: string) => Number(x.replace(/,/g, ''));
    out.push({
      proto, a: splitEndpoint(m[1]), b: splitEndpoint(m[2]),
      framesBtoA: n(m[3]), framesAtoB: n(m[6]), frames: n(m[9]),
      bytes: m[11] === 'bytes' ? n(m[10]) : null,
    });
  }
  return out;
}

/** Runs `fn` over items with at most `width` in flight. */
export async function pool<T, R>(items: T[], width: number, fn: (t: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(Array.from({ length: width }, async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]);
    }
  }));
  return out;
}

import { spawn, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { REPO_ROOT } from './corpus.js';

export const WEIR = join(REPO_ROOT, 'bin', 'weir.js');

export interface CliResult { status: number | null; stdout: string; stderr: string }

export function weir(args: string[], opts: { input?: string; env?: NodeJS.ProcessEnv } = {}): CliResult {
  const r = spawnSync(process.execPath, [WEIR, ...args], { encoding: 'utf8', timeout: 300_000, maxBuffer: 256 << 20, env: { ...process.env, ...opts.env }, input: opts.input });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

export function weirAsync(args: string[]): Promise<CliResult> {
  return new Promise((resolve) => {
    const p = spawn(process.execPath, [WEIR, ...args]);
    let stdout = '';
    let stderr = '';
    p.stdout.on('data', (d) => (stdout += d));
    p.stderr.on('data', (d) => (stderr += d));
    p.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}

export interface Served {
  base: string;
  pid: number;
  /** The admin password `weir serve` printed on its first start (null when it printed none). */
  password: string | null;
  stop(): void;
}

/** `weir serve` as its own process on a free port; resolves once it prints its URL. */
export function serve(db: string, env: NodeJS.ProcessEnv = {}, node = 'test', extra: string[] = []): Promise<Served> {
  const p = spawn(process.execPath, [WEIR, 'serve', '--db', db, '--port', '0', '--host', '127.0.0.1', '--node', node, ...extra], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    let text = '';
    p.stdout.on('data', (c) => {
      text += c;
      const m = /viewer at http:\/\/[^:]+:(\d+)\//.exec(text);
      if (m && text.endsWith('\n')) {
        resolve({ base: `http://127.0.0.1:${m[1]}`, pid: p.pid!, password: /with password (\S+)/.exec(text)?.[1] ?? null, stop: () => p.kill('SIGTERM') });
      }
    });
    p.once('exit', (code) => reject(new Error(`weir serve exited with ${code}: ${text}`)));
  });
}

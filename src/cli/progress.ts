// A one-line progress bar for TTYs: bytes, packets/s. Silent when stderr is not a terminal.
export class ProgressBar {
  private last = 0;
  private readonly start = Date.now();
  constructor(private readonly enabled: boolean, private readonly totalBytes: number) {}

  update(doneBytes: number, packets: number): void {
    if (!this.enabled) return;
    const now = Date.now();
    if (now - this.last < 150) return;
    this.last = now;
    const secs = Math.max(0.001, (now - this.start) / 1000);
    const frac = this.totalBytes ? Math.min(1, doneBytes / this.totalBytes) : 0;
    const width = 30;
    const bar = '#'.repeat(Math.round(frac * width)).padEnd(width, '.');
    const line = `[${bar}] ${(frac * 100).toFixed(0).padStart(3)}% ${fmtBytes(doneBytes)}/${fmtBytes(this.totalBytes)} ${fmtRate(packets / secs)} pkt/s`;
    process.stderr.write(`\r${line}\x1b[K`);
  }

  clear(): void {
    if (this.enabled) process.stderr.write('\r\x1b[K');
  }
}

export function fmtBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1 << 20) return `${(n / 1024).toFixed(1)} KiB`;
  if (n < 1 << 30) return `${(n / (1 << 20)).toFixed(1)} MiB`;
  return `${(n / (1 << 30)).toFixed(2)} GiB`;
}

export function fmtRate(n: number): string {
  if (n >= 1e6) return `${(n / 1e6).toFixed(2)}M`;
  if (n >= 1e3) return `${(n / 1e3).toFixed(1)}k`;
  return n.toFixed(0);
}

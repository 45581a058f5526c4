// A veth pair with one end in a network namespace of its own: tcpreplay sends into the outer end,
// `weir capture` listens on the inner one. IPv6 is off on both so the kernel adds no traffic.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { pcapUnavailable } from '../../src/capture/binding.js';

export interface Veth {
  ns: string;
  outer: string;
  inner: string;
  remove(): void;
}

/** Why a live test cannot run here, or null. */
export function liveMissing(): string | null {
  if (process.getuid?.() !== 0) return 'not root (network namespaces need it)';
  if (!existsSync('/usr/bin/tcpreplay')) return 'tcpreplay is absent (apt-get install tcpreplay)';
  if (!existsSync('/usr/sbin/tcpdump') && !existsSync('/usr/bin/tcpdump')) return 'tcpdump is absent (the BPF oracle)';
  const probe = `weirprobe${process.pid % 100000}`;
  const r = spawnSync('ip', ['netns', 'add', probe], { encoding: 'utf8' });
  if (r.status !== 0) return `network namespaces are not allowed here (${(r.stderr || '').trim()})`;
  const v = spawnSync('ip', ['link', 'add', `${probe}a`.slice(0, 15), 'type', 'veth', 'peer', 'name', `${probe}b`.slice(0, 15)], { encoding: 'utf8' });
  spawnSync('ip', ['link', 'del', `${probe}a`.slice(0, 15)]);
  spawnSync('ip', ['netns', 'del', probe]);
  if (v.status !== 0) return `veth pairs cannot be made here (${(v.stderr || '').trim()})`;
  return null;
}

export function makeVeth(tag: string): Veth {
  const id = `${tag}${process.pid % 10000}`;
  const ns = `weir-${id}`, outer = `wo${id}`.slice(0, 15), inner = `wi${id}`.slice(0, 15);
  const ip = (...a: string[]) => execFileSync('ip', a, { stdio: 'pipe' });
  ip('netns', 'add', ns);
  ip('link', 'add', outer, 'type', 'veth', 'peer', 'name', inner);
  ip('link', 'set', inner, 'netns', ns);
  execFileSync('sysctl', ['-q', '-w', `net.ipv6.conf.${outer}.disable_ipv6=1`]);
  ip('netns', 'exec', ns, 'sysctl', '-q', '-w', `net.ipv6.conf.${inner}.disable_ipv6=1`);
  ip('link', 'set', outer, 'up');
  ip('netns', 'exec', ns, 'ip', 'link', 'set', inner, 'up');
  return {
    ns, outer, inner,
    remove() {
      spawnSync('ip', ['link', 'del', outer]);
      spawnSync('ip', ['netns', 'del', ns]);
    },
  };
}

/** Replays a capture into an interface; returns the packets tcpreplay reports as sent. */
export function replay(iface: string, file: string, rate: string[] = ['--pps', '3000']): number {
  const out = execFileSync('tcpreplay', ['-i', iface, ...rate, file], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  const m = /Successful packets:\s+(\d+)/.exec(out);
  if (!m) throw new Error(`tcpreplay said: ${out}`);
  return Number(m[1]);
}

/** Why live capture tests cannot run here (no namespaces, no tcpreplay, no addon), or null. */
export function liveCaptureMissing(): string | null {
  return liveMissing() ?? pcapUnavailable();
}

// A 1 GB export streams with bounded memory: `weir serve` runs as its own process over a database
// holding ~1 GB of packets, the whole capture is exported through /api/sessions.pcap, and the
// server's resident memory is sampled from /proc while the bytes flow.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DuckDbStore } from '../src/store/duckdb/duckdb-store.js';
import { importFiles } from '../src/ingest/importer.js';
import { scratchDir } from './helpers/ingest.js';
import { DEFAULT_SESSION_CONFIG } from '../src/session/timeouts.js';
import { writeBigCapture } from './helpers/big-capture.js';
import { serve } from './helpers/cli.js';
import { basic } from './helpers/viewer.js';

const GB = 1 << 30;
const LIMIT_MB = 300;

function rssMb(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) / 1024 : 0;
}

test('a 1 GB pcap export streams with the server under 300 MB resident', { timeout: 900_000 }, async () => {
  const { dir, cleanup } = scratchDir('weir-bigexport-');
  try {
    const capture = join(dir, 'big.pcap');
    const packets = await writeBigCapture(capture, GB);
    const db = join(dir, 'weir.duckdb');
    const store = await DuckDbStore.open(db);
    await importFiles(store, [capture], { node: 'big', config: { ...DEFAULT_SESSION_CONFIG, parsers: false } });
    await store.close();

    const server = await serve(db, { WEIR_ADMIN_PASSWORD: 'big-export-pw' }, 'big');
    try {
      let peak = rssMb(server.pid);
      const sampler = setInterval(() => (peak = Math.max(peak, rssMb(server.pid))), 50);
      const started = Date.now();
      const r = await fetch(`${server.base}/api/sessions.pcap?date=-1`, { headers: { authorization: basic('admin', 'big-export-pw') } });
      assert.equal(r.status, 200);
      // Count the records as they arrive (the export is never held here either).
      let carry = Buffer.alloc(0), got = 0, bytes = 0, lastTs = -1, ordered = true, headerSeen = false;
      for await (const chunk of r.body as unknown as AsyncIterable<Uint8Array>) {
        bytes += chunk.length;
        let b = carry.length ? Buffer.concat([carry, chunk]) : Buffer.from(chunk);
        if (!headerSeen) {
          if (b.length < 24) { carry = b; continue; }
          b = b.subarray(24);
          headerSeen = true;
        }
        let o = 0;
        while (o + 16 <= b.length) {
          const len = b.readUInt32LE(o + 8);
          if (o + 16 + len > b.length) break;
          const ts = b.readUInt32LE(o) * 1e6 + b.readUInt32LE(o + 4);
          if (ts < lastTs) ordered = false;
          lastTs = ts;
          got++;
          o += 16 + len;
        }
        carry = Buffer.from(b.subarray(o));
      }
      clearInterval(sampler);
      const secs = (Date.now() - started) / 1000;
      console.log(`\n1 GB export: ${got} packets, ${(bytes / 2 ** 20).toFixed(0)} MiB in ${secs.toFixed(1)} s (${(bytes / 2 ** 20 / secs).toFixed(0)} MiB/s); server peak RSS ${peak.toFixed(0)} MB (limit ${LIMIT_MB})`);
      assert.equal(got, packets, 'every packet exported');
      assert.ok(bytes >= GB, 'a whole gigabyte went through');
      assert.ok(ordered, 'time order');
      assert.ok(peak < LIMIT_MB, `peak RSS ${peak.toFixed(0)} MB`);
    } finally {
      server.stop();
    }
  } finally {
    cleanup();
  }
});

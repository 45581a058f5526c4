// Runs captures through the real pipeline and a real DuckDB file, returning stored sessions.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDbStore } from '../../src/store/duckdb/duckdb-store.js';
import { ClickHouseStore } from '../../src/store/clickhouse/clickhouse-store.js';
import { ClickHouseClient } from '../../src/store/clickhouse/client.js';
import { parseClickHouseUrl } from '../../src/store/clickhouse/location.js';
import { applySchema } from '../../src/store/clickhouse/schema.js';
import { startClickHouse, type ClickHouseCluster } from './clickhouse.js';
import { importFiles, type ImportSummary } from '../../src/ingest/importer.js';
import type { SessionDoc } from '../../src/session/record.js';
import type { Store } from '../../src/store/store.js';
import { DEFAULT_SESSION_CONFIG, type SessionConfig } from '../../src/session/timeouts.js';

export function scratchDir(prefix = 'weir-test-'): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Arkime's regression config (tests/config.test.ini) differs from the defaults in the ICMP timeout and parseHTTPHeader*All. */
export const ARKIME_TEST_CONFIG: SessionConfig = { ...DEFAULT_SESSION_CONFIG, icmpTimeout: 60, httpAllHeaders: true };

export async function withStore<T>(fn: (store: DuckDbStore, dir: string) => Promise<T>): Promise<T> {
  const { dir, cleanup } = scratchDir();
  const store = await DuckDbStore.open(join(dir, 'weir.duckdb'));
  try {
    return await fn(store, dir);
  } finally {
    await store.close();
    cleanup();
  }
}

/** Imports each file on its own (sessions never span files) and returns its stored sessions. */
export async function ingestEach(store: DuckDbStore, files: string[], config = ARKIME_TEST_CONFIG): Promise<Map<string, { summary: ImportSummary; sessions: SessionDoc[] }>> {
  const out = new Map<string, { summary: ImportSummary; sessions: SessionDoc[] }>();
  for (const f of files) {
    const summary = await importFiles(store, [f], { node: 'test', config, force: true });
    const id = summary.outcomes[0]?.fileId;
    const sessions: SessionDoc[] = [];
    if (id !== null && id !== undefined) {
      for await (const s of store.querySessions({ terms: [{ field: 'fileId', value: String(id) }] })) sessions.push(s);
    }
    out.set(f, { summary, sessions });
  }
  return out;
}

/** Real ClickHouse servers (`shards` of them) with Weir's schema, and a scratch folder, for `fn`. */
export async function withClickHouse<T>(shards: number, fn: (ch: ClickHouseCluster, dir: string) => Promise<T>): Promise<T> {
  const ch = await startClickHouse(shards);
  const { dir, cleanup } = scratchDir('weir-ch-store-');
  try {
    await initClickHouse(ch.url);
    return await fn(ch, dir);
  } finally {
    await ch.close();
    cleanup();
  }
}

/** A fresh ClickHouse store over real servers (see withClickHouse). */
export function withClickHouseStore<T>(shards: number, fn: (store: ClickHouseStore, url: string) => Promise<T>): Promise<T> {
  return withClickHouse(shards, async (ch, dir) => {
    const store = await ClickHouseStore.open(`${ch.url}${ch.url.includes('?') ? '&' : '?'}spool=${join(dir, 'spool')}`);
    try {
      return await fn(store, ch.url);
    } finally {
      await store.close();
    }
  });
}

export async function initClickHouse(url: string): Promise<void> {
  const loc = parseClickHouseUrl(url);
  const clients = loc.shards.map((e) => new ClickHouseClient(e));
  try {
    await applySchema(clients, loc);
  } finally {
    for (const c of clients) c.close();
  }
}

/**
 * `base`, with what is written also handed to `other` (sessions as the pipeline's records, file
 * registrations, flushes): a second store, or a recorder. Encoded rows are turned off so that
 * records flow.
 */
export function teeStore<S extends Store>(base: S, other: Partial<Pick<Store, 'appendSessions' | 'registerFile' | 'completeFile' | 'flush'>>): S {
  const both = new Set(['appendSessions', 'registerFile', 'completeFile', 'flush']);
  return new Proxy(base, {
    get(target, prop, recv) {
      if (prop === 'rowLayout' || prop === 'appendEncoded') return undefined;
      if (typeof prop === 'string' && both.has(prop)) {
        return async (...args: unknown[]) => {
          await (target[prop as keyof S] as (...a: unknown[]) => Promise<void>).apply(target, args);
          await (other[prop as keyof typeof other] as ((...a: unknown[]) => Promise<void>) | undefined)?.apply(other, args);
        };
      }
      const v = Reflect.get(target, prop, recv);
      return typeof v === 'function' ? v.bind(target) : v;
    },
  });
}

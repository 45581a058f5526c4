// Retention rules on a real store without live traffic: imported captures outside the capture
// directory are never touched; session records expire by age with their protocol rows.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { DuckDbStore } from '../src/store/duckdb/duckdb-store.js';
import { importFiles } from '../src/ingest/importer.js';
import { writeSample } from '../src/sample/generate.js';
import { applyRetention } from '../src/capture/retention.js';
import { scratchDir } from './helpers/ingest.js';

test('retention: never deletes imported files outside the capture directory; session records expire by age', async () => {
  const { dir, cleanup } = scratchDir('weir-ret-');
  const store = await DuckDbStore.open(join(dir, 'w.duckdb'));
  try {
    const pcap = join(dir, 'sample.pcap');
    writeSample(pcap);
    await importFiles(store, [pcap], { node: 'n' });
    const count = async () => (await store.searchPage({}, { fields: ['id'], order: [], start: 0, length: 0 })).recordsFiltered;
    const all = await count();
    const logs: string[] = [];
    // A zero budget over the capture directory: the imported file lies elsewhere and stays.
    assert.equal(await applyRetention(store, 'n', join(dir, 'pcap'), new Set(), { maxBytes: 0, maxAgeMs: 0 }, (l) => logs.push(l)), 0);
    assert.ok(existsSync(pcap));
    // The sample's sessions end by 2026-11-23 09:00:18 UTC.
    const at = Date.UTC(2026, 10, 23, 10, 0, 0);
    await applyRetention(store, 'n', join(dir, 'pcap'), new Set(), { sessionMaxAgeMs: 2 * 3600e3 }, (l) => logs.push(l), at);
    assert.equal(await count(), all, 'sessions younger than the limit stay');
    await applyRetention(store, 'n', join(dir, 'pcap'), new Set(), { sessionMaxAgeMs: 30 * 60e3 }, (l) => logs.push(l), at);
    assert.equal(await count(), 0, 'older ones go');
    assert.equal((await store.topValues({}, (await import('../src/fields/catalogue.js')).fieldByName('host.http')!, 10)).length, 0, 'with their protocol rows');
    assert.match(logs.join('\n'), new RegExp(`retention: deleted ${all} session records`));
  } finally {
    await store.close();
    cleanup();
  }
});

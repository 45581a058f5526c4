// Opening a database made by an older Weir: fields it did not know yet are added as columns (at
// the end, so its column order differs from a new database's), tables it did not have are made,
// and sessions written through either layout read back the same.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { DuckDbStore } from '../src/store/duckdb/duckdb-store.js';
import { tableColumns } from '../src/store/duckdb/schema.js';
import { fieldByName } from '../src/fields/catalogue.js';
import { pcapFile } from '../src/pcap/frame-builder.js';
import { sampleFrames } from '../src/sample/generate.js';
import { importFiles } from '../src/ingest/importer.js';
import type { SessionDoc } from '../src/session/record.js';
import { scratchDir } from './helpers/ingest.js';

async function importAndRead(db: string, pcap: string): Promise<SessionDoc[]> {
  const store = await DuckDbStore.open(db);
  try {
    await importFiles(store, [pcap], { node: 'test', workers: 1 });
    const out: SessionDoc[] = [];
    for await (const s of store.querySessions({ terms: [] })) out.push(s);
    return out.map(({ id: _id, rootId: _root, ...rest }) => rest).sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
  } finally {
    await store.close();
  }
}

test('a database of an older schema gains the missing columns and tables, and stores sessions as a new one does', async () => {
  const { dir, cleanup } = scratchDir();
  try {
    const pcap = join(dir, 'sample.pcap');
    writeFileSync(pcap, pcapFile(sampleFrames()));
    const community = fieldByName('communityId')!.column;
    const method = fieldByName('http.method')!.column;

    // The "older" database: made, then stripped of a core column, a protocol column and a protocol table.
    const old = join(dir, 'old.duckdb');
    await (await DuckDbStore.open(old)).close();
    const inst = await DuckDBInstance.create(old);
    const conn = await inst.connect();
    await conn.run(`ALTER TABLE sessions DROP COLUMN "${community}"`);
    await conn.run(`ALTER TABLE sessions_http DROP COLUMN "${method}"`);
    await conn.run('DROP TABLE sessions_dns');
    conn.closeSync();
    inst.closeSync();

    const fresh = await importAndRead(join(dir, 'new.duckdb'), pcap);
    const migrated = await importAndRead(old, pcap);

    assert.ok(fresh.some((s) => Array.isArray(s['http.method']) && (s['http.method'] as unknown[]).length > 0), 'the sample has HTTP requests');
    assert.ok(fresh.some((s) => Array.isArray(s['dns.query.host'])), 'and DNS queries');
    assert.ok(fresh.some((s) => typeof s.communityId === 'string'), 'and Community IDs');
    assert.deepEqual(migrated, fresh);

    const inst2 = await DuckDBInstance.create(old, { access_mode: 'READ_ONLY' });
    const conn2 = await inst2.connect();
    const cols = await tableColumns(conn2);
    conn2.closeSync();
    inst2.closeSync();
    assert.equal(cols.get('sessions')!.at(-1), community, 'the added column is last');
    assert.equal(cols.get('sessions_http')!.at(-1), method);
    assert.ok(cols.has('sessions_dns'));
  } finally {
    cleanup();
  }
});

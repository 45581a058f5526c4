// Synthetic sessions for the query benchmark, generated inside DuckDB (10 M rows in seconds) into
// the schema the catalogue derives. Distributions follow an enterprise edge: a few thousand
// internal clients with skewed activity, popular servers, web/TLS/DNS-heavy ports, heavy-tailed
// packet counts and durations, HTTP hosts and DNS names with long tails, over 7 days.
import { DuckDBInstance } from '@duckdb/node-api';
import { DuckDbStore } from '../../src/store/duckdb/duckdb-store.js';
import { fieldByName } from '../../src/fields/catalogue.js';
import { quoteIdent, sessionTables } from '../../src/store/duckdb/schema.js';

export const SPAN_MS = 7 * 86400e3;
export const START_MS = Date.UTC(2026, 10, 1);

const col = (exp: string) => quoteIdent(fieldByName(exp)!.column);
const tableOf = (exp: string) => quoteIdent(sessionTables().find((t) => t.fields.includes(fieldByName(exp)!))!.name);

export async function synthesize(path: string, n: number): Promise<void> {
  // The store creates the schema; the rows come from SQL.
  await (await DuckDbStore.open(path)).close();
  const db = await DuckDBInstance.create(path);
  const c = await db.connect();
  const ip4 = (a: string, b: string, cc: string, d: string) => `concat_ws('.', ${a}, ${b}, ${cc}, ${d})`;
  await c.run(`CREATE TEMP TABLE g AS SELECT i,
      random() AS r1, random() AS r2, random() AS r3, random() AS r4, random() AS r5, random() AS r6
    FROM range(${n}) t(i)`);
  // Port mix: 443 40 %, 53 25 %, 80 15 %, 22 2 %, other 18 %.
  const port = `CASE WHEN r3 < 0.40 THEN 443 WHEN r3 < 0.65 THEN 53 WHEN r3 < 0.80 THEN 80 WHEN r3 < 0.82 THEN 22 ELSE 1024 + (r4 * 64000)::INT END`;
  await c.run(`CREATE TEMP TABLE s AS SELECT i, r1, r2, r3, r4, r5, r6, ${port} AS dport,
      ${START_MS} + (i::DOUBLE * ${SPAN_MS} / ${n})::BIGINT + (r5 * 1000)::BIGINT AS first_ms,
      (-ln(greatest(r6, 1e-9)) * 4000)::BIGINT AS dur,
      1 + (-ln(greatest(r4, 1e-9)) * 12)::INT AS pk
    FROM g`);
  // External peers come from skewed pools (200 k servers, 100 k remote clients), as real
  // traffic concentrates on popular destinations; the pool index picks the address.
  const pooled = (idx: string) => ip4(`(23 + ${idx} % 180)`, `((${idx} // 180) % 256)`, `((${idx} // 46080) % 256)`, `(1 + ${idx} % 254)`);
  const client = `CASE WHEN r1 < 0.7 THEN ${ip4("'10'", "'0'", '((pow(r2, 3) * 5000)::INT // 250)', '((pow(r2, 3) * 5000)::INT % 250 + 1)')}
      ELSE ${pooled('(pow(r2, 2) * 100000)::INT')} END`;
  const server = `CASE WHEN dport = 53 THEN '10.0.200.' || (1 + (r2 * 3)::INT)
      WHEN r2 < 0.3 THEN '10.0.100.' || (1 + (pow(r5, 2) * 200)::INT)
      ELSE ${pooled('(pow(r5, 3) * 200000)::INT')} END`;
  const protocols = `CASE dport WHEN 443 THEN ['tcp', 'tls'] WHEN 80 THEN ['tcp', 'http'] WHEN 53 THEN ['udp', 'dns'] WHEN 22 THEN ['tcp', 'ssh'] ELSE ['tcp'] END`;
  await c.run(`INSERT INTO sessions (${['id', 'node', 'firstPacket', 'lastPacket', 'session.length', 'ip.src', 'ip.dst', 'port.src', 'port.dst', 'ip.protocol', 'protocols',
    'packets.src', 'packets.dst', 'packets', 'bytes.src', 'bytes.dst', 'bytes', 'databytes', 'fileId', 'file'].map(col).join(', ')})
    SELECT 'synth-' || i, 'node' || (i % 3), first_ms, first_ms + dur, dur, ${client}, ${server}, 1024 + (r6 * 64000)::INT, dport,
      CASE WHEN dport = 53 THEN 17 ELSE 6 END, ${protocols},
      (pk + 1) // 2, pk // 2, pk, ((pk + 1) // 2) * 80, (pk // 2) * (60 + (r5 * 1400)::INT), ((pk + 1) // 2) * 80 + (pk // 2) * (60 + (r5 * 1400)::INT),
      (pk // 2) * (r5 * 1400)::INT, [1], ['synthetic.pcap']
    FROM s`);
  // A long tail of names: a few very popular, most seen rarely.
  await c.run(`INSERT INTO ${tableOf('host.http')} (session_id, ${col('host.http')}) SELECT 'synth-' || i, ['host' || (pow(r1, 3) * 20000)::INT || '.example.com'] FROM s WHERE dport = 80`);
  await c.run(`INSERT INTO ${tableOf('dns.query.host')} (session_id, ${col('dns.query.host')}) SELECT 'synth-' || i, ['name' || (pow(r2, 3) * 50000)::INT || '.example.org'] FROM s WHERE dport = 53`);
  c.closeSync();
  db.closeSync();
}

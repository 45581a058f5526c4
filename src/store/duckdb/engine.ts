// A DuckDB connection as the shared searches' SQL engine.
import type { DuckDBConnection } from '@duckdb/node-api';
import { DUCKDB, type Param } from '../../query/dialect.js';
import type { SessionTable, SqlEngine } from '../sql/search.js';

export function duckEngine(conn: DuckDBConnection, tables: SessionTable[]): SqlEngine {
  return {
    tables,
    dialect: DUCKDB,
    all: async (sql: string, params: Param[]) => (await conn.runAndReadAll(sql, params as never)).getRowObjectsJS(),
    stream: async function* (sql: string, params: Param[]) {
      const result = await conn.stream(sql, params as never);
      for await (const rows of result.yieldRowObjectJs()) yield* rows;
    },
  };
}

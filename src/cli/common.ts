import { hostname } from 'node:os';
import { dirname } from 'node:path';
import { parseArgs, str, type ParsedArgs } from './args.js';
import { DuckDbStore } from '../store/duckdb/duckdb-store.js';
import { ClickHouseStore } from '../store/clickhouse/clickhouse-store.js';
import { isClickHouseUrl } from '../store/clickhouse/location.js';
import type { ViewerStore } from '../store/store.js';
import { NodeKeys } from '../node-api/signing.js';

export const COMMON_VALUED = ['db', 'node', 'store', 'node-keys'];

export function parseCommand(argv: string[], valued: string[], flags: string[], short: Record<string, string> = {}): ParsedArgs {
  return parseArgs(argv, [...COMMON_VALUED, ...valued], flags, short);
}

export function dbPath(a: ParsedArgs): string {
  return str(a, 'db') ?? process.env.WEIR_DB ?? 'weir.duckdb';
}

/** A ClickHouse store URL given by --store or $WEIR_STORE, or null for the embedded database. */
export function clickHouseUrl(a: ParsedArgs): string | null {
  const s = str(a, 'store') ?? process.env.WEIR_STORE ?? null;
  if (s === null || s === 'duckdb') return null;
  if (!isClickHouseUrl(s)) throw new Error(`--store takes clickhouse://host:port/database (or "duckdb" for --db), got "${s}"`);
  return s;
}

export function nodeName(a: ParsedArgs): string {
  return str(a, 'node') ?? process.env.WEIR_NODE ?? hostname();
}

export type OpenedStore = ViewerStore & { readonly path: string };

export function openStore(a: ParsedArgs, readOnly = false): Promise<OpenedStore> {
  const url = clickHouseUrl(a);
  if (url) return ClickHouseStore.open(url, { readOnly, log: (l) => process.stderr.write(`weir: ${l}\n`) });
  return DuckDbStore.open(dbPath(a), { readOnly });
}

/** Where files that belong beside the store go by default (pcap/, uploads/): the database's folder. */
export function storeDir(a: ParsedArgs): string {
  return clickHouseUrl(a) ? process.cwd() : dirname(dbPath(a));
}

/** Keys for node API requests: --node-keys FILE (per node), or one shared $WEIR_NODE_SECRET. */
export function nodeKeys(a: ParsedArgs): NodeKeys | null {
  const file = str(a, 'node-keys');
  if (file) return NodeKeys.fromFile(file);
  const secret = process.env.WEIR_NODE_SECRET;
  return secret ? NodeKeys.shared(secret) : null;
}

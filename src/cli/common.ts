import { hostname } from 'node:os';
import { readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { parseArgs, str, UsageError, type ParsedArgs } from './args.js';
import { DuckDbStore } from '../store/duckdb/duckdb-store.js';
import { ClickHouseStore } from '../store/clickhouse/clickhouse-store.js';
import { isClickHouseUrl } from '../store/clickhouse/location.js';
import type { ViewerStore } from '../store/store.js';
import { NodeKeys } from '../node-api/signing.js';

export const COMMON_VALUED = ['db', 'node', 'store', 'node-keys', 'node-tls-cert', 'node-tls-key', 'node-ca'];

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

/**
 * Mutual TLS between viewers and node APIs: this process's certificate and key (`weir cert issue`)
 * and the project CA whose certificates it accepts on the other side.
 */
export function nodeTls(a: ParsedArgs): { cert: Buffer; key: Buffer; ca: Buffer } | undefined {
  const [cert, key, ca] = [str(a, 'node-tls-cert'), str(a, 'node-tls-key'), str(a, 'node-ca')];
  if (!cert && !key && !ca) return undefined;
  if (!cert || !key || !ca) throw new UsageError('--node-tls-cert, --node-tls-key and --node-ca go together');
  return { cert: readFileSync(cert), key: readFileSync(key), ca: readFileSync(ca) };
}

/** Bytes waiting in a ClickHouse store's spool (reported with the node's registration). */
export function spoolBytesOf(store: OpenedStore): (() => number) | undefined {
  return store instanceof ClickHouseStore ? () => store.spoolSize().bytes : undefined;
}

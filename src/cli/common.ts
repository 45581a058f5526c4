import { hostname } from 'node:os';
import { parseArgs, str, type ParsedArgs } from './args.js';
import { DuckDbStore } from '../store/duckdb/duckdb-store.js';

export const COMMON_VALUED = ['db', 'node'];

export function parseCommand(argv: string[], valued: string[], flags: string[], short: Record<string, string> = {}): ParsedArgs {
  return parseArgs(argv, [...COMMON_VALUED, ...valued], flags, short);
}

export function dbPath(a: ParsedArgs): string {
  return str(a, 'db') ?? process.env.WEIR_DB ?? 'weir.duckdb';
}

export function nodeName(a: ParsedArgs): string {
  return str(a, 'node') ?? process.env.WEIR_NODE ?? hostname();
}

export function openStore(a: ParsedArgs, readOnly = false): Promise<DuckDbStore> {
  return DuckDbStore.open(dbPath(a), { readOnly });
}

import { str, UsageError } from './args.js';
import { openStore, parseCommand } from './common.js';
import { QueryError, closestFields } from '../query/simple.js';
import { parseExpression } from '../query/parser.js';
import { compileExpression } from '../query/compile.js';
import { DUCKDB } from '../query/dialect.js';
import { allFields, fieldByName } from '../fields/catalogue.js';

const TABLE_FIELDS = ['firstPacket', 'lastPacket', 'ip.protocol', 'ip.src', 'port.src', 'ip.dst', 'port.dst', 'packets', 'bytes', 'databytes', 'protocols', 'node', 'id'];

export async function runSessions(argv: string[]): Promise<number> {
  const a = parseCommand(argv, ['expression', 'limit', 'fields'], ['json']);
  if (a.positional.length) throw new UsageError(`unexpected argument "${a.positional[0]}"`);
  const text = str(a, 'expression')?.trim();
  const expression = text ? parseExpression(text) : undefined;
  // Field and value errors surface before the database is opened.
  if (expression) compileExpression(expression, () => 'x', DUCKDB);
  const limitArg = str(a, 'limit');
  const limit = limitArg === undefined ? undefined : Number(limitArg);
  if (limit !== undefined && (!Number.isInteger(limit) || limit < 0)) throw new UsageError('--limit needs a non-negative integer');
  const json = a.opts.has('json');
  let fields = str(a, 'fields')?.split(',').map((s) => s.trim()).filter(Boolean);
  for (const f of fields ?? []) {
    if (!fieldByName(f)) throw new QueryError(`unknown field "${f}"; closest known fields: ${closestFields(f).join(', ')}`, 0);
  }
  if (!fields) fields = json ? allFields().map((f) => f.exp) : TABLE_FIELDS;
  const store = await openStore(a, true);
  try {
    const rows = store.querySessions({ terms: [], expression, limit, fields });
    if (json) {
      for await (const r of rows) process.stdout.write(JSON.stringify(r) + '\n');
    } else {
      process.stdout.write(fields.join('\t') + '\n');
      for await (const r of rows) {
        process.stdout.write(fields.map((f) => fmt(f, r[fieldByName(f)!.exp])).join('\t') + '\n');
      }
    }
  } finally {
    await store.close();
  }
  return 0;
}

function fmt(field: string, v: unknown): string {
  if (v === undefined || v === null) return '-';
  if (fieldByName(field)?.kind === 'date') return new Date(Number(v)).toISOString();
  if (Array.isArray(v)) return v.join(',');
  return String(v);
}

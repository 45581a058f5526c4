import { UsageError } from './args.js';
import { clickHouseUrl, parseCommand } from './common.js';
import { parseClickHouseUrl } from '../store/clickhouse/location.js';
import { ClickHouseClient } from '../store/clickhouse/client.js';
import { applySchema } from '../store/clickhouse/schema.js';

/**
 * `weir db init|upgrade --store clickhouse://...`: creates the schema on every shard, or adds the
 * columns of fields this Weir knows and the store lacks. Both are idempotent; the embedded
 * database does this itself when opened.
 */
export async function runDb(argv: string[]): Promise<number> {
  const a = parseCommand(argv, [], []);
  const [action, ...extra] = a.positional;
  if ((action !== 'init' && action !== 'upgrade') || extra.length) throw new UsageError('usage: weir db init|upgrade --store clickhouse://host:port/database');
  const url = clickHouseUrl(a);
  if (!url) throw new UsageError('weir db needs --store clickhouse://... (the embedded database manages its own schema)');
  const loc = parseClickHouseUrl(url);
  const clients = loc.shards.map((e) => new ClickHouseClient(e, loc.timeoutMs));
  try {
    const changes = await applySchema(clients, loc);
    for (const c of changes) process.stdout.write(`${c.host}: ${c.sql}\n`);
    process.stdout.write(changes.length ? `weir: ${action}: ${changes.length} change(s) to ${loc.display}\n` : `weir: ${loc.display} is up to date\n`);
    return 0;
  } finally {
    for (const c of clients) c.close();
  }
}

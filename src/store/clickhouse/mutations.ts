// Changes to stored sessions (tags, deletions) are ClickHouse mutations: run on each shard's own
// table and waited for, so that a search right after sees the change.
import type { ClickHouseClient } from './client.js';
import { literal } from './literal.js';
import { quoteIdent } from '../sql/search.js';
import { F } from '../../fields/catalogue.js';

/** Ids per mutation: keeps each statement well under the server's query size limit. */
const IDS_PER_MUTATION = 5000;

export class Mutations {
  constructor(private readonly shards: ClickHouseClient[], private readonly table: string) {}

  async deleteWhere(condition: string): Promise<void> {
    for (const c of this.shards) await c.exec(`ALTER TABLE ${this.table} DELETE WHERE ${condition}`);
    await this.settle();
  }

  async updateIds(assignment: string, ids: string[]): Promise<void> {
    for (let i = 0; i < ids.length; i += IDS_PER_MUTATION) {
      const list = literal(ids.slice(i, i + IDS_PER_MUTATION));
      for (const c of this.shards) await c.exec(`ALTER TABLE ${this.table} UPDATE ${assignment} WHERE has(${list}, ${quoteIdent(F.id.column)})`);
    }
    await this.settle();
  }

  /** Waits until every shard has applied its mutations (18.16 has no synchronous mutations). */
  private async settle(timeoutMs = 60_000): Promise<void> {
    const until = Date.now() + timeoutMs;
    for (const c of this.shards) {
      for (;;) {
        const r = await c.rows(`SELECT count() AS n FROM system.mutations WHERE database = currentDatabase() AND table = @@p1@@ AND is_done = 0`, [this.table]);
        if (Number(r[0].n) === 0) break;
        if (Date.now() > until) throw new Error(`${c.label}: a change to stored sessions is still running after ${timeoutMs / 1000} s`);
        await new Promise((res) => setTimeout(res, 50));
      }
    }
  }
}

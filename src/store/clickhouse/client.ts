// A small client for ClickHouse's HTTP interface: SQL in the body, rows back as JSON lines. Every
// request has a deadline; failures say whether the server answered (a SQL error) or not (down, or
// the outcome unknown), which the spool needs to know.
import http from 'node:http';
import type { Param } from '../../query/dialect.js';
import { bind } from './literal.js';

export interface Endpoint {
  host: string;
  port: number;
  database: string;
  user: string;
  password: string;
}

/** The server answered with an error (bad SQL, missing table...). */
export class ClickHouseError extends Error {
  constructor(readonly code: number, message: string) {
    super(message);
  }
}

/** No answer: refused, reset or timed out. `maybeDone`: the request may have been carried out. */
export class ClickHouseUnreachable extends Error {
  constructor(message: string, readonly maybeDone: boolean) {
    super(message);
  }
}

type Settings = Record<string, string | number>;

export type InsertFormat = { format: 'JSONEachRow' } | { format: 'RowBinary'; columns: string };

/** Integers as JSON numbers (ours stay below 2^53), not quoted strings. */
const READ_SETTINGS: Settings = { output_format_json_quote_64bit_integers: 0, max_query_size: 16_777_216 };

export class ClickHouseClient {
  private readonly agent = new http.Agent({ keepAlive: true, maxSockets: 8 });

  constructor(readonly endpoint: Endpoint, private readonly timeoutMs = 30_000) {}

  get label(): string {
    return `clickhouse ${this.endpoint.host}:${this.endpoint.port}`;
  }

  /** `database` overrides the endpoint's (before it exists, say). */
  async rows(sql: string, params: Param[] = [], settings: Settings = {}, database?: string): Promise<Record<string, unknown>[]> {
    const text = await this.request(`${bind(sql, params)} FORMAT JSONEachRow`, { ...READ_SETTINGS, ...settings }, database);
    return text ? text.split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>) : [];
  }

  async *stream(sql: string, params: Param[] = []): AsyncGenerator<Record<string, unknown>> {
    const res = await this.open(`${bind(sql, params)} FORMAT JSONEachRow`, READ_SETTINGS);
    let rest = '';
    try {
      for await (const chunk of res) {
        const text = rest + (chunk as Buffer).toString('utf8');
        const lines = text.split('\n');
        rest = lines.pop()!;
        for (const l of lines) if (l) yield JSON.parse(l) as Record<string, unknown>;
      }
      if (rest) yield JSON.parse(rest) as Record<string, unknown>;
    } finally {
      res.destroy();
    }
  }

  async exec(sql: string, params: Param[] = [], settings: Settings = {}, database?: string): Promise<void> {
    await this.request(bind(sql, params), { max_query_size: 16_777_216, ...settings }, database);
  }

  /** Inserts rows: JSON lines (one object per line), or RowBinary of the named columns. */
  async insert(table: string, body: string | Buffer, settings: Settings = {}, format: InsertFormat = { format: 'JSONEachRow' }): Promise<void> {
    const cols = format.format === 'RowBinary' ? ` (${format.columns})` : '';
    await this.request(body, { ...settings, query: `INSERT INTO ${table}${cols} FORMAT ${format.format}` });
  }

  private async request(body: string | Buffer, settings: Settings, database?: string): Promise<string> {
    const res = await this.open(body, settings, database);
    const chunks: Buffer[] = [];
    for await (const c of res) chunks.push(c as Buffer);
    return Buffer.concat(chunks).toString('utf8');
  }

  /** Sends a request; resolves with the response stream once the status says it succeeded. */
  private open(body: string | Buffer, settings: Settings, database?: string): Promise<http.IncomingMessage> {
    const e = this.endpoint;
    const qs = new URLSearchParams({ database: database ?? e.database, ...Object.fromEntries(Object.entries(settings).map(([k, v]) => [k, String(v)])) });
    return new Promise((resolve, reject) => {
      let sent = false;
      const req = http.request({
        host: e.host, port: e.port, method: 'POST', path: `/?${qs}`, agent: this.agent,
        headers: { 'X-ClickHouse-User': e.user, 'X-ClickHouse-Key': e.password, 'Content-Type': typeof body === 'string' ? 'text/plain; charset=utf-8' : 'application/octet-stream' },
      }, (res) => {
        res.setTimeout(this.timeoutMs, () => res.destroy(new Error(`no data for ${this.timeoutMs} ms`)));
        if (res.statusCode === 200) return resolve(res);
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => reject(serverError(Buffer.concat(chunks).toString('utf8'))));
        res.on('error', (err) => reject(new ClickHouseUnreachable(`${this.label}: ${err.message}`, true)));
      });
      req.setTimeout(this.timeoutMs, () => req.destroy(new Error(`no answer within ${this.timeoutMs} ms`)));
      req.on('error', (err: NodeJS.ErrnoException) => reject(new ClickHouseUnreachable(`${this.label}: ${err.code ?? err.message}`, sent && err.code !== 'ECONNREFUSED')));
      req.end(body, () => (sent = true));
    });
  }

  close(): void {
    this.agent.destroy();
  }
}

function serverError(text: string): ClickHouseError {
  const m = /^Code: (\d+), e\.displayText\(\) = (?:DB::Exception: )?([\s\S]*?)(?:, e\.what\(\) = .*)?\s*$/.exec(text);
  return m ? new ClickHouseError(Number(m[1]), m[2].trim()) : new ClickHouseError(0, text.trim().slice(0, 500));
}

// Mail messages seen in SMTP, POP3 and IMAP sessions: the subjects and Message-IDs Weir extracts
// are compared with the ones tshark's IMF dissector finds in the same captures.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { CORPUS, corpusOrSkip } from './helpers/corpus.js';
import { ingestEach, withStore } from './helpers/ingest.js';
import { haveTshark } from './helpers/tshark.js';

const run = promisify(execFile);

function mailCaptures(): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const e of readdirSync(d)) {
      const p = join(d, e);
      if (statSync(p).isDirectory()) walk(p);
      else if (/\.(pcap|pcapng|cap)$/.test(e) && /pop|imap|smtp|mail/i.test(p.slice(CORPUS.length))) out.push(p);
    }
  };
  walk(CORPUS);
  return out.sort();
}

/** tshark's view: subject and Message-ID of every message (IMF) it finds. */
async function tsharkMessages(file: string): Promise<{ subjects: string[]; ids: string[] }> {
  const { stdout } = await run('tshark', ['-n', '-r', file, '-Y', 'imf', '-T', 'fields', '-E', 'separator=\t', '-e', 'imf.subject', '-e', 'imf.message_id'], { maxBuffer: 64 << 20 }).catch(() => ({ stdout: '' }));
  const subjects: string[] = [];
  const ids: string[] = [];
  for (const line of stdout.split('\n')) {
    const [subject, id] = line.split('\t');
    if (subject) subjects.push(subject);
    if (id) ids.push(id.trim().replace(/^<|>$/g, ''));
  }
  return { subjects, ids };
}

test('mail oracle: message subjects and Message-IDs in SMTP/POP3/IMAP agree with tshark IMF', { timeout: 600_000 }, async (t) => {
  if (!corpusOrSkip('.')) return t.skip('corpus absent');
  if (!haveTshark()) return t.skip('tshark absent');
  const files = mailCaptures();
  let expected = 0;
  let found = 0;
  let undecoded = 0;
  const misses: string[] = [];
  await withStore(async (store) => {
    const results = await ingestEach(store, files);
    for (const f of files) {
      const want = await tsharkMessages(f);
      const sessions = results.get(f)?.sessions ?? [];
      const subjects = new Set(sessions.flatMap((s) => ((s['email.subject'] as string[] | undefined) ?? []).map((x) => x.trim())));
      const ids = new Set(sessions.flatMap((s) => (s['email.message-id'] as string[] | undefined) ?? []));
      for (const raw of new Set(want.subjects)) {
        // tshark prints RFC 2047 encoded words as they are; Weir decodes them (as Arkime does, which
        // the Arkime conformance suite checks), so those subjects cannot be compared here.
        if (/=\?[^?]+\?[BbQq]\?/.test(raw)) {
          undecoded++;
          continue;
        }
        const v = raw.trim();
        expected++;
        if (subjects.has(v)) found++;
        else misses.push(`${f.slice(CORPUS.length + 1)} subject ${JSON.stringify(v)}`);
      }
      for (const v of new Set(want.ids)) {
        expected++;
        if (ids.has(v)) found++;
        else misses.push(`${f.slice(CORPUS.length + 1)} message-id ${v}`);
      }
    }
  });
  const rate = expected ? found / expected : 1;
  console.log(`\nmail oracle over ${files.length} captures: ${found}/${expected} tshark IMF values found by Weir (${(100 * rate).toFixed(1)} %); ${undecoded} RFC 2047 subjects not comparable (tshark leaves them encoded)`);
  for (const m of misses.slice(0, 20)) console.log(`  missing: ${m}`);
  assert.ok(expected > 10, 'the corpus has mail messages to compare');
  assert.ok(rate >= 0.95, `match rate ${(100 * rate).toFixed(1)} % is below 95 %`);
});

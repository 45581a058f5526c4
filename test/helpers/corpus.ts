// Locates ../shared/corpus. Conformance suites skip, loudly, where it is absent (a user's machine).
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
export const CORPUS = resolve(process.env.WEIR_CORPUS ?? join(REPO_ROOT, '..', 'shared', 'corpus'));

export function corpusOrSkip(sub: string): string | null {
  const p = join(CORPUS, sub);
  if (existsSync(p)) return p;
  console.log(`\n*** SKIPPING: corpus folder ${p} is absent; conformance against outside data was NOT checked ***\n`);
  return null;
}

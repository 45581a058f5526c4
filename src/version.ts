// This Weir's version (package.json), for node registration and health answers.
import { readFileSync } from 'node:fs';

export const VERSION: string = (() => {
  try {
    return String((JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version?: string }).version ?? 'unknown');
  } catch {
    return 'unknown';
  }
})();

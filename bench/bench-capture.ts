// What the ingest benchmarks that run `weir import` share: the capture they read by default and
// how they start the import, so their figures compare alike.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const WEIR_BIN = fileURLToPath(new URL('../../bin/weir.js', import.meta.url));

/** The young generation bin/weir.js gives `import`; passed directly, so no second process starts. */
export const IMPORT_NODE_FLAGS = ['--max-semi-space-size=64'];

/** The capture named on the command line, else the bench capture; an error if it is missing. */
export function benchCapture(arg: string | undefined): string {
  const file = arg ?? fileURLToPath(new URL('../../build/bench/bench.pcap', import.meta.url));
  if (!existsSync(file)) throw new Error(`${file} is missing: build it with ../shared/bench/make-bench-pcap.sh (see bench/ingest.sh)`);
  return file;
}

// Minimal, strict argument parsing: unknown options are errors, not silently ignored.
export interface ParsedArgs {
  positional: string[];
  opts: Map<string, string | true>;
}

export class UsageError extends Error {}

export function parseArgs(argv: string[], valued: string[], flags: string[], short: Record<string, string> = {}): ParsedArgs {
  const positional: string[] = [];
  const opts = new Map<string, string | true>();
  for (let i = 0; i < argv.length; i++) {
    let a = argv[i];
    if (a === '--') {
      positional.push(...argv.slice(i + 1));
      break;
    }
    if (short[a]) a = `--${short[a]}`;
    if (!a.startsWith('--')) {
      positional.push(a);
      continue;
    }
    let name = a.slice(2);
    let value: string | undefined;
    const eq = name.indexOf('=');
    if (eq >= 0) {
      value = name.slice(eq + 1);
      name = name.slice(0, eq);
    }
    if (flags.includes(name)) {
      if (value !== undefined) throw new UsageError(`--${name} takes no value`);
      opts.set(name, true);
    } else if (valued.includes(name)) {
      if (value === undefined) {
        if (i + 1 >= argv.length) throw new UsageError(`--${name} needs a value`);
        value = argv[++i];
      }
      opts.set(name, value);
    } else throw new UsageError(`unknown option --${name}`);
  }
  return { positional, opts };
}

export function str(a: ParsedArgs, name: string): string | undefined {
  const v = a.opts.get(name);
  return typeof v === 'string' ? v : undefined;
}

/** `--workers N`: a positive integer, or undefined for the default. */
export function workersOpt(a: ParsedArgs): number | undefined {
  const w = str(a, 'workers');
  if (w === undefined) return undefined;
  const n = Number(w);
  if (!Number.isInteger(n) || n < 1 || n > 256) throw new UsageError('--workers needs a whole number from 1 to 256');
  return n;
}

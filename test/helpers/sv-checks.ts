// suricata-verify test.yaml `checks:` read without a YAML library (their shape is regular):
// each `- filter:` with a `count:` and `match:` key/value pairs.
export interface SvCheck {
  count: number;
  match: Map<string, string>;
}

const unquote = (v: string) => (/^(['"]).*\1$/.test(v) ? v.slice(1, -1) : v);

export function readChecks(yaml: string): SvCheck[] {
  const out: SvCheck[] = [];
  let inChecks = false;
  let cur: SvCheck | null = null;
  let matchIndent = -1;
  /** The match entry being read, which may go on over more-indented lines. */
  let last: { key: string; raw: string; indent: number } | null = null;
  for (const raw of yaml.split('\n')) {
    if (/^[A-Za-z_-]+:/.test(raw)) inChecks = raw.startsWith('checks:');
    if (!inChecks || !raw.trim() || raw.trim().startsWith('#')) continue;
    const indent = raw.length - raw.trimStart().length;
    const line = raw.trim();
    if (indent <= matchIndent || /^- /.test(line)) last = null;
    if (/^- filter:/.test(line)) {
      cur = { count: -1, match: new Map() };
      out.push(cur);
      matchIndent = -1;
      continue;
    }
    if (/^- /.test(line)) {
      cur = null; // another kind of check (shell, stats...)
      continue;
    }
    if (!cur) continue;
    if (line.startsWith('count:')) cur.count = Number(line.slice(6).trim());
    else if (line === 'match:') {
      matchIndent = indent;
      last = null;
    }
    else if (matchIndent >= 0 && indent > matchIndent) {
      const c = line.indexOf(': ');
      if (c > 0 && (!last || indent <= last.indent)) {
        last = { key: line.slice(0, c), raw: line.slice(c + 2).trim(), indent };
        cur.match.set(last.key, unquote(last.raw));
      } else if (last && indent > last.indent) {
        // A value continued on more-indented lines: YAML folds the line break into a space.
        last.raw += ` ${line}`;
        cur.match.set(last.key, unquote(last.raw));
      }
    } else matchIndent = -1;
  }
  return out;
}

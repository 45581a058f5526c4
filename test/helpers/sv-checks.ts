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
  for (const raw of yaml.split('\n')) {
    if (/^[A-Za-z_-]+:/.test(raw)) inChecks = raw.startsWith('checks:');
    if (!inChecks || !raw.trim() || raw.trim().startsWith('#')) continue;
    const indent = raw.length - raw.trimStart().length;
    const line = raw.trim();
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
    else if (line === 'match:') matchIndent = indent;
    else if (matchIndent >= 0 && indent > matchIndent) {
      const c = line.indexOf(': ');
      if (c > 0) cur.match.set(line.slice(0, c), unquote(line.slice(c + 2).trim()));
    } else matchIndent = -1;
  }
  return out;
}

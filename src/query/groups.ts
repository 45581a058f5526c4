// Names that search several catalogue fields at once, as Arkime's `ip`, `port`, `host` and `mac` do.
// Derived from the catalogue by rule, so a new protocol's address or host field joins by itself.
import { allFields } from '../fields/catalogue.js';
import type { FieldDef } from '../fields/types.js';

const RULES: Record<string, (f: FieldDef) => boolean> = {
  ip: (f) => f.kind === 'ip' && !f.exp.startsWith('outerip.'),
  port: (f) => f.exp === 'port.src' || f.exp === 'port.dst',
  host: (f) => f.exp.startsWith('host.'),
  mac: (f) => f.exp === 'mac.src' || f.exp === 'mac.dst',
};

export function fieldGroup(name: string): FieldDef[] | null {
  const rule = RULES[name];
  return rule ? allFields().filter((f) => rule(f) && !f.internal) : null;
}

// The field registry: catalogue modules (core fields and each protocol's fields) define fields here.
import type { FieldDef, FieldKind } from './types.js';

const registry = new Map<string, FieldDef>();

let sealed = false;

export function defineField(exp: string, column: string, kind: FieldKind, multi: boolean, group: string, help: string, extra: Partial<Omit<FieldDef, 'index'>> = {}): FieldDef {
  if (sealed) throw new Error(`field ${exp} defined after the catalogue was complete: import its module in protocols/fields.ts`);
  if (registry.has(exp)) throw new Error(`field ${exp} defined twice`);
  for (const f of registry.values()) if (f.column === column) throw new Error(`column ${column} used by ${f.exp} and ${exp}`);
  const def: FieldDef = { exp, column, kind, multi, group, help, ...extra, index: registry.size };
  registry.set(exp, def);
  return def;
}

/**
 * Puts the fields after the first `fixed` (the core fields) in name order and renumbers them.
 * Definition order follows module evaluation order, which differs between entry points (the CLI,
 * a packet worker thread, a test): record slots, protocol-value keys and table columns must not.
 */
export function sealOrder(fixed: number): void {
  const defs = [...registry.values()];
  const rest = defs.slice(fixed).sort((a, b) => (a.exp < b.exp ? -1 : a.exp > b.exp ? 1 : 0));
  registry.clear();
  defs.slice(0, fixed).concat(rest).forEach((d, i) => {
    d.index = i;
    registry.set(d.exp, d);
  });
  sealed = true;
}

/** The catalogue's fields in order, as one string: threads compare theirs before sharing records. */
export function fieldSignature(): string {
  return [...registry.keys()].join(',');
}

export function allFields(): FieldDef[] {
  return [...registry.values()];
}

const counts = new Map<string, FieldDef>();

export function fieldByName(name: string): FieldDef | undefined {
  const f = registry.get(name);
  if (f) return f;
  for (const d of registry.values()) if (d.aliases?.includes(name)) return d;
  return name.endsWith('.cnt') ? countField(name.slice(0, -4)) : undefined;
}

/** The count field of a multi-valued field: every one has one, named `<field>.cnt`. */
export function countField(base: string): FieldDef | undefined {
  const b = fieldByName(base);
  if (!b || !b.multi || b.internal || b.countOf) return undefined;
  const name = `${b.exp}.cnt`;
  let c = counts.get(name);
  if (!c) {
    c = { exp: name, column: b.column, kind: 'integer', multi: false, group: b.group, help: `Number of values of ${b.exp}`, index: -1, countOf: b };
    counts.set(name, c);
  }
  return c;
}

/** Number of fields defined so far: the length of a session record row. */
export function fieldCount(): number {
  return registry.size;
}

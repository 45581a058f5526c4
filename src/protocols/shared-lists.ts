// Short value lists shared by every session holding the same values in the same order: request
// header names, methods, versions and status codes come in the same few combinations session
// after session, and a list of three names costs 72 bytes per session when each keeps its own.
// Lists shorter than SHARED_BELOW are never changed in place (`grow` copies them), so sharing one
// is safe; a longer list is the session's own. Bounded as intern.ts is: when the table is full it
// starts over (lists already handed out stay valid, they are just no longer found).
import { grow } from '../session/grow.js';

export type ListValue = string | number;
/** Lists below this length are shared; `grow` copies below the same length. */
export const SHARED_BELOW = 8;
const MAX_ENTRIES = 16_384;

let pairs = new Map<ListValue, Map<ListValue, ListValue[]>>();
let longer = new Map<ListValue[], Map<ListValue, ListValue[]>>();
let entries = 0;

/** Files `list` as what `key` becomes with `v` appended. */
function link<K>(table: Map<K, Map<ListValue, ListValue[]>>, key: K, v: ListValue, list: ListValue[]): ListValue[] {
  let next = table.get(key);
  if (next === undefined) table.set(key, (next = new Map()));
  next.set(v, list);
  return list;
}

function room(): void {
  if (++entries <= MAX_ENTRIES) return;
  pairs = new Map();
  longer = new Map();
  entries = 1;
}

/** The list [a, b] (a !== b). */
export function pairList(a: ListValue, b: ListValue): ListValue[] {
  const known = pairs.get(a)?.get(b);
  if (known !== undefined) return known;
  room();
  return link(pairs, a, b, [a, b]);
}

/** `list` with `v` appended (`v` not in it): a shared list while short, else `list` itself grown. */
export function extendList(list: ListValue[], v: ListValue): ListValue[] {
  if (list.length + 1 >= SHARED_BELOW) return grow(list, v);
  const known = longer.get(list)?.get(v);
  if (known !== undefined) return known;
  room();
  return link(longer, list, v, grow(list, v));
}

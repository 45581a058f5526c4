// Short lists that grow one value at a time. Most of a session's lists hold one or two values, and
// an empty array's first push reserves 17 slots: below EXACT_GROWTH a list is copied to its exact
// size instead, as a packed literal.

/** Adds `v` unless present or the list holds `max`; returns the list to keep (a new one on the first value). */
export function pushTo<T>(list: T[], v: T, max = 64): T[] {
  if (list.includes(v) || list.length >= max) return list;
  return grow(list, v);
}

/** Below this length a list grows by copying to the exact size: `push` would reserve 17 more slots. */
const EXACT_GROWTH = 8;

/** Appends `v`; returns the list to keep (a copy one longer while the list is short). */
export function grow<T>(list: T[], v: T, exactBelow = EXACT_GROWTH): T[] {
  if (list.length >= exactBelow) {
    list.push(v);
    return list;
  }
  // Literals for the common lengths make packed arrays (a sized `new Array` makes a holey one).
  switch (list.length) {
    case 0: return [v];
    case 1: return [list[0], v];
    case 2: return [list[0], list[1], v];
    case 3: return [list[0], list[1], list[2], v];
  }
  const next = new Array<T>(list.length + 1);
  for (let i = 0; i < list.length; i++) next[i] = list[i];
  next[list.length] = v;
  return next;
}

/**
 * A function of one number with its answers remembered (up to `max`, then forgotten all at once):
 * for values computed per session from the few MAC addresses a network has.
 */
export function memoNumber<T>(fn: (x: number) => T, max = 4096): (x: number) => T {
  const seen = new Map<number, T>();
  return (x) => {
    let v = seen.get(x);
    if (v === undefined && !seen.has(x)) {
      if (seen.size >= max) seen.clear();
      v = fn(x);
      seen.set(x, v);
    }
    return v as T;
  };
}

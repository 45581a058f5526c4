// A small LRU of values being made asynchronously (open files, read blocks): a key asked for
// again gets the same promise; a failed one is forgotten; past `max` the oldest is evicted.
export class PromiseLru<V> {
  private readonly map = new Map<string, Promise<V>>();

  constructor(private readonly max: number, private readonly onEvict: (v: Promise<V>) => void = () => undefined) {}

  get(key: string, make: () => Promise<V>): Promise<V> {
    let v = this.map.get(key);
    if (v) {
      // Most recently used last, so the oldest goes first.
      this.map.delete(key);
      this.map.set(key, v);
      return v;
    }
    v = make();
    this.map.set(key, v);
    v.catch(() => this.map.delete(key));
    if (this.map.size > this.max) {
      const [oldest, evicted] = this.map.entries().next().value!;
      this.map.delete(oldest);
      this.onEvict(evicted);
    }
    return v;
  }

  /** Forgets everything; returns what was held. */
  clear(): Promise<V>[] {
    const all = [...this.map.values()];
    this.map.clear();
    return all;
  }
}

// Which fields a session holds values for, in the order they came, shared by every session whose
// fields came in that order, as V8 shares hidden classes between objects: a session then keeps
// only its values, and HTTP sessions (host, URI, path, method, version, user agent, header names
// in the same order, time after time) share one list of field indices instead of each holding it.
/** Shapes one thread keeps at most: past this, a new order gets a shape of its own, not remembered. */
const MAX_SHAPES = 50_000;
let shapes = 0;

export class FieldShape {
  private next: Map<number, FieldShape> | null = null;

  private constructor(readonly fields: readonly number[]) {}

  static readonly EMPTY = new FieldShape([]);

  /** The shape with `field` after these. */
  with(field: number): FieldShape {
    const known = this.next?.get(field);
    if (known) return known;
    const s = new FieldShape([...this.fields, field]);
    if (shapes < MAX_SHAPES) {
      shapes++;
      (this.next ??= new Map()).set(field, s);
    }
    return s;
  }
}

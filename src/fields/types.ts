/** Query semantics of a field, as in Arkime's field kinds. */
export type FieldKind = 'ip' | 'integer' | 'termfield' | 'lotermfield' | 'uptermfield' | 'date' | 'boolean';

export interface FieldDef {
  /** Query name (Arkime expression), also the key in JSON output. */
  exp: string;
  /** Position of the field's value in a session record row (definition order). */
  index: number;
  /** Storage column. */
  column: string;
  kind: FieldKind;
  /** Multi-valued (a list column). */
  multi: boolean;
  group: string;
  help: string;
  /** Other names the query language accepts for this field. */
  aliases?: string[];
  /** Bookkeeping fields that exist for the system (positions) rather than for searching. */
  internal?: boolean;
  /** Long numeric lists never searched by element: stored packed (f64 or i32 little-endian). */
  packed?: 'f64' | 'i32';
  /** `<field>.cnt`: the number of values of a multi-valued field (Arkime's ...Cnt), computed, not stored. */
  countOf?: FieldDef;
}

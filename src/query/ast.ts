// The expression language's syntax tree (Arkime's grammar): boolean structure over terms
// `field OP value`. Positions are offsets into the expression, for error messages.

export type Op = '==' | '!=' | '<' | '<=' | '>' | '>=';
export const OPS: readonly Op[] = ['==', '!=', '<=', '>=', '<', '>'];

export type Value =
  /** A bare word; `*` and `?` in it are wildcards, `$name` a shortcut. */
  | { kind: 'word'; text: string }
  /** A double-quoted string, escapes removed. */
  | { kind: 'quoted'; text: string }
  /** `/.../`: the text between the slashes as written (escaped slashes stay escaped). */
  | { kind: 'regex'; text: string }
  /** `[a,b]` matches any item; `]a,b[` needs all of them. */
  | { kind: 'list'; all: boolean; items: Value[] }
  /** `EXISTS!`: the field has a value (`!=` for none). */
  | { kind: 'exists' };

export type Expr =
  | { type: 'or' | 'and'; left: Expr; right: Expr }
  | { type: 'not'; expr: Expr }
  | { type: 'term'; field: string; op: Op; value: Value; pos: number; valuePos: number };

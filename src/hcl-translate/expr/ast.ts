/** AST of HCL2 expressions and templates, as rebuilt by hcl2json inside `${…}`. */

/** A value an expression evaluates to (cty values mapped onto JSON). */
export type Value = string | number | boolean | null | Value[] | { [key: string]: Value };

/** A template part: literal text, an interpolation, or an `if`/`for` directive. */
export type TemplatePart =
  | { kind: 'text'; text: string }
  | { kind: 'interp'; expr: Expr; source: string }
  | { kind: 'if'; cond: Expr; then: TemplatePart[]; else: TemplatePart[] }
  | { kind: 'for'; keyVar?: string; valVar: string; coll: Expr; body: TemplatePart[] };

/** An expression node. */
export type Expr =
  | { kind: 'lit'; value: Value }
  | { kind: 'template'; parts: TemplatePart[] }
  | { kind: 'var'; name: string }
  | { kind: 'attr'; target: Expr; name: string }
  | { kind: 'index'; target: Expr; key: Expr }
  | { kind: 'splat'; target: Expr; each: Expr }
  | { kind: 'call'; name: string; args: Expr[]; expand: boolean }
  | { kind: 'unary'; op: '!' | '-'; operand: Expr }
  | { kind: 'binary'; op: string; left: Expr; right: Expr }
  | { kind: 'cond'; cond: Expr; then: Expr; else: Expr }
  | { kind: 'tuple'; items: Expr[] }
  | { kind: 'object'; items: Array<{ key: Expr; value: Expr }> }
  | { kind: 'for'; keyVar?: string; valVar: string; coll: Expr; keyExpr?: Expr; valExpr: Expr; cond?: Expr; group: boolean };

/** Raised for syntax the evaluator does not understand. */
export class ExprSyntaxError extends Error {
  override name = 'ExprSyntaxError';
}

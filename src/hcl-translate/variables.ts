/** Resolves `variable` blocks (defaults, -var, -var-file), `variables {}` shorthands and lazy `locals`. */
import { parse } from '@cdktf/hcl2json';
import type { Pos } from './diagnostics.js';
import type { Expr, Value } from './expr/ast.js';
import { evaluate } from './expr/evaluate.js';
import { parseExpr } from './expr/parser.js';
import { EvalError, toBool, toStr, type ValueMap } from './expr/values.js';
import { childBlock, sourceTree, type SrcBlock } from './source/tree.js';
import { convertTo, takesRawString } from './vartypes.js';
import { evalValue, isObj, type Walk } from './walk.js';

/** Inputs for variables: `-var` strings and `-var-file` contents (HCL, or JSON when the name ends in .json). */
export interface VarInputs {
  vars?: Record<string, string>;
  varFiles?: Array<{ name: string; content: string }>;
}

interface Decl {
  name: string;
  body: Record<string, unknown>;
  pos: Pos;
  type?: Expr;
}

function declarations(root: Record<string, unknown>, src: SrcBlock, w: Walk): Map<string, Decl> {
  const out = new Map<string, Decl>();
  const vars = isObj(root.variable) ? root.variable : {};
  for (const [name, bodies] of Object.entries(vars)) {
    const body = Array.isArray(bodies) && isObj(bodies[0]) ? bodies[0] : {};
    const pos = childBlock(src, 'variable', name, 0)?.pos ?? src.pos;
    const decl: Decl = { name, body, pos };
    if (typeof body.type === 'string') {
      try {
        decl.type = parseExpr(body.type.replace(/^\$\{([\s\S]*)\}$/, '$1'));
      } catch {
        w.report.error(pos, `variable "${name}" has an invalid type constraint`);
      }
    }
    out.set(name, decl);
  }
  for (const block of Array.isArray(root.variables) ? root.variables.filter(isObj) : []) {
    for (const [name, def] of Object.entries(block)) out.set(name, { name, body: { default: def }, pos: src.blocks.find((b) => b.type === 'variables')?.attrs.get(name) ?? src.pos });
  }
  return out;
}

async function fileValues(files: VarInputs['varFiles'], w: Walk): Promise<Map<string, { value: Value; pos: Pos; file: string }>> {
  const out = new Map<string, { value: Value; pos: Pos; file: string }>();
  for (const f of files ?? []) {
    let raw: unknown;
    try {
      raw = f.name.endsWith('.json') ? JSON.parse(f.content) : await parse(f.name, f.content);
    } catch (err) {
      w.report.error({ line: 1, column: 1 }, `cannot parse var file "${f.name}": ${err instanceof Error ? err.message.slice(0, 300) : 'invalid'}`);
      continue;
    }
    const tree = sourceTree(f.content);
    for (const [k, v] of Object.entries(isObj(raw) ? raw : {})) {
      try {
        out.set(k, { value: evalValue(v, new Map(), w.ctx), pos: tree.attrs.get(k) ?? { line: 1, column: 1 }, file: f.name });
      } catch (err) {
        w.report.error(tree.attrs.get(k) ?? { line: 1, column: 1 }, `${f.name}: cannot evaluate "${k}": ${(err as Error).message}`);
      }
    }
  }
  return out;
}

function cliValue(raw: string, d: Decl, w: Walk): Value {
  if (takesRawString(d.type)) return raw;
  return evaluate(parseExpr(raw), new Map(), w.ctx);
}

/** Computes the `var` object: -var beats var files beat defaults; checks types and validation rules. */
export async function resolveVariables(root: Record<string, unknown>, src: SrcBlock, inputs: VarInputs, w: Walk): Promise<ValueMap> {
  const decls = declarations(root, src, w);
  const files = await fileValues(inputs.varFiles, w);
  const out: ValueMap = {};
  for (const name of Object.keys(inputs.vars ?? {})) {
    if (!decls.has(name)) w.report.error({ line: 1, column: 1 }, `-var "${name}": no variable "${name}" is declared in the jobspec`);
  }
  for (const [name, f] of files) if (!decls.has(name)) w.report.warn({ line: 1, column: 1 }, `${f.file}:${f.pos.line}:${f.pos.column}: value for undeclared variable "${name}" is ignored`);
  for (const d of decls.values()) {
    try {
      const cli = inputs.vars?.[d.name];
      const given = cli !== undefined ? cliValue(cli, d, w) : files.get(d.name)?.value;
      if (given === undefined && !('default' in d.body)) {
        w.report.error(d.pos, `variable "${d.name}" is required: set it with -var ${d.name}=… or in a var file`);
        continue;
      }
      const value = given !== undefined ? given : evalValue(d.body.default, new Map(), w.ctx);
      out[d.name] = convertTo(value, d.type, `variable "${d.name}"`);
    } catch (err) {
      w.report.error(d.pos, `invalid value for variable "${d.name}": ${(err as Error).message}`);
    }
  }
  if (!w.report.failed) validate(decls, out, w);
  return out;
}

function validate(decls: Map<string, Decl>, vars: ValueMap, w: Walk): void {
  const b = new Map<string, Value>([['var', vars]]);
  for (const d of decls.values()) {
    for (const rule of Array.isArray(d.body.validation) ? d.body.validation.filter(isObj) : []) {
      try {
        if (!toBool(evalValue(rule.condition, b, w.ctx), 'validation condition')) {
          const msg = rule.error_message === undefined ? 'validation failed' : toStr(evalValue(rule.error_message, b, w.ctx));
          w.report.error(d.pos, `invalid value for variable "${d.name}": ${msg}`);
        }
      } catch (err) {
        w.report.error(d.pos, `cannot evaluate the validation of variable "${d.name}": ${(err as Error).message}`);
      }
    }
  }
}

/** Installs a lazy, cycle-checked resolver for `local.<name>` on the walk's context. */
export function installLocals(root: Record<string, unknown>, src: SrcBlock, vars: ValueMap, w: Walk): void {
  const raws = new Map<string, { raw: unknown; pos: Pos }>();
  const blocks = Array.isArray(root.locals) ? root.locals.filter(isObj) : [];
  blocks.forEach((body, i) => {
    const bsrc = childBlock(src, 'locals', undefined, i);
    for (const [k, v] of Object.entries(body)) raws.set(k, { raw: v, pos: bsrc?.attrs.get(k) ?? bsrc?.pos ?? src.pos });
  });
  const done = new Map<string, Value>();
  const busy = new Set<string>();
  const b = new Map<string, Value>([['var', vars]]);
  w.ctx.local = (name: string): Value => {
    const hit = done.get(name);
    if (hit !== undefined) return hit;
    const def = raws.get(name);
    if (!def) throw new EvalError(`reference to undeclared local value "${name}"`);
    if (busy.has(name)) throw new EvalError(`local value "${name}" refers to itself`);
    busy.add(name);
    try {
      const v = evalValue(def.raw, b, w.ctx);
      done.set(name, v);
      return v;
    } finally {
      busy.delete(name);
    }
  };
  for (const [name, def] of raws) {
    try {
      w.ctx.local(name);
    } catch (err) {
      w.report.error(def.pos, `cannot evaluate local "${name}": ${(err as Error).message}`);
    }
  }
}

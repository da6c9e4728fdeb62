/** The function table available to jobspec expressions (Nomad's HCL2 function set). */
import type { Value } from '../expr/ast.js';
import { evaluate, type EvalContext, type HclFunction } from '../expr/evaluate.js';
import { parseTemplate } from '../expr/template.js';
import { toMap, toStr } from '../expr/values.js';
import { arg } from './args.js';
import { cidrFunctions } from './cidr.js';
import { collectionFunctions } from './collections.js';
import { cryptoFunctions } from './crypto.js';
import { encodingFunctions, readFor } from './encoding.js';
import { numericFunctions } from './numeric.js';
import { pathFunctions } from './paths.js';
import { stringFunctions } from './strings.js';
import { timeFunctions } from './time.js';

function templatefile(a: Value[], ctx: EvalContext): Value {
  const text = readFor('templatefile', toStr(arg(a, 0, 'templatefile')), ctx);
  const vars = toMap(a[1] ?? {}, 'templatefile() variables');
  return evaluate(parseTemplate(text, false), new Map(Object.entries(vars)), ctx);
}

/** All functions by name (`try`, `can` and `convert` are special forms of the evaluator). */
export const FUNCTIONS: ReadonlyMap<string, HclFunction> = new Map(
  Object.entries({
    ...stringFunctions, ...collectionFunctions, ...numericFunctions, ...encodingFunctions,
    ...cidrFunctions, ...pathFunctions, ...timeFunctions, ...cryptoFunctions, templatefile,
  }),
);

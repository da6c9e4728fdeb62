// Unit tests of the HCL2 expression evaluator and its functions.
import { describe, expect, it } from '@jest/globals';
import { FUNCTIONS } from '../functions/index.js';
import type { Value } from './ast.js';
import { evaluate, type EvalContext } from './evaluate.js';
import { parseExpr } from './parser.js';
import { parseTemplate } from './template.js';
import { Unresolved } from './values.js';

const vars: Value = { name: 'web', n: 3, list: ['a', 'b'], m: { x: 1, y: 2 }, flag: true, objs: [{ id: 1 }, { id: 2 }] };
const ctx = (): EvalContext => ({ functions: FUNCTIONS, baseDir: '', budget: { steps: 100000 }, readFile: (p) => (p === 'dir/f.txt' ? 'content' : undefined) });
const ev = (src: string): Value => evaluate(parseExpr(src), new Map([['var', vars]]), ctx());
const tpl = (src: string): Value => evaluate(parseTemplate(src, false), new Map([['var', vars]]), ctx());

describe('expression evaluator', () => {
  it.each<[string, Value]>([
    ['1 + 2 * 3', 7],
    ['(1 + 2) * 3', 9],
    ['10 % 4', 2],
    ['-var.n', -3],
    ['var.n > 2 && !false', true],
    ['var.flag ? "yes" : "no"', 'yes'],
    ['var.list[1]', 'b'],
    ['var.m["y"]', 2],
    ['var.m.x', 1],
    ['var.objs[*].id', [1, 2]],
    ['[for s in var.list : upper(s)]', ['A', 'B']],
    ['[for i, s in var.list : "${i}=${s}" if s != "a"]', ['1=b']],
    ['{for k, v in var.m : k => v * 10}', { x: 10, y: 20 }],
    ['{for s in ["a", "b", "a"] : s => 1...}', { a: [1, 1], b: [1] }],
    ['{ a = 1, "b-c" = 2 }', { a: 1, 'b-c': 2 }],
    ['"a${var.name}b"', 'awebb'],
    ['"1" + 1', 2],
    ['[1, 2] == [1, 2]', true],
    ['try(var.m.z, "fallback")', 'fallback'],
    ['can(var.m.z)', false],
  ])('%s evaluates to %j', (src, want) => {
    expect(ev(src)).toEqual(want);
  });

  it('keeps runtime references unresolved', () => {
    expect(() => ev('attr.unique.hostname')).toThrow(Unresolved);
  });

  it('rejects undeclared variables with a clear message', () => {
    expect(() => ev('var.nope')).toThrow('reference to undeclared input variable "nope"');
  });

  it('stops runaway evaluation with a step budget', () => {
    const c = ctx();
    c.budget.steps = 50;
    expect(() => evaluate(parseExpr('[for i in range(1000) : i * 2]'), new Map(), c)).toThrow('budget');
  });
});

describe('templates', () => {
  it('keeps runtime interpolations verbatim and evaluates the rest', () => {
    expect(tpl('${var.name}-${NOMAD_ALLOC_INDEX}')).toBe('web-${NOMAD_ALLOC_INDEX}');
  });
  it('turns $${ and %%{ escapes into literal ${ and %{', () => {
    expect(tpl('$${HOME} %%{x}')).toBe('${HOME} %{x}');
  });
  it('renders if/else and for directives', () => {
    expect(tpl('%{if var.flag}on%{else}off%{endif}')).toBe('on');
    expect(tpl('%{for x in var.list}[${x}]%{endfor}')).toBe('[a][b]');
  });
  it('returns the value itself for a lone interpolation', () => {
    expect(tpl('${var.list}')).toEqual(['a', 'b']);
  });
});

describe('functions', () => {
  it.each<[string, Value]>([
    ['format("%s-%03d", "x", 7)', 'x-007'],
    ['formatlist("%s!", ["a", "b"])', ['a!', 'b!']],
    ['lower("ABC")', 'abc'],
    ['upper("abc")', 'ABC'],
    ['concat([1], [2, 3])', [1, 2, 3]],
    ['merge({a = 1}, {b = 2}, {a = 3})', { a: 3, b: 2 }],
    ['lookup({a = 1}, "b", 0)', 0],
    ['length("héllo")', 5],
    ['join("-", ["a", "b"], ["c"])', 'a-b-c'],
    ['split(",", "a,b")', ['a', 'b']],
    ['coalesce("", null, "x")', 'x'],
    ['replace("a-b-c", "-", "_")', 'a_b_c'],
    ['replace("a1b22", "/[0-9]+/", "#")', 'a#b#'],
    ['regex("v([0-9]+)", "v42")', ['42']],
    ['trimspace("  x ")', 'x'],
    ['keys({b = 1, a = 2})', ['a', 'b']],
    ['values({b = 1, a = 2})', [2, 1]],
    ['range(3)', [0, 1, 2]],
    ['element(["a", "b"], 3)', 'b'],
    ['flatten([[1], [2, [3]]])', [1, 2, 3]],
    ['distinct([1, 1, 2])', [1, 2]],
    ['contains(["a"], "a")', true],
    ['zipmap(["a"], [1])', { a: 1 }],
    ['jsonencode({a = [1]})', '{"a":[1]}'],
    ['jsondecode("{\\"a\\":1}")', { a: 1 }],
    ['base64encode("hi")', 'aGk='],
    ['min(3, 1, 2)', 1],
    ['tonumber("42")', 42],
    ['substr("hello", 1, 3)', 'ell'],
    ['file("f.txt")', 'content'],
  ])('%s = %j', (src, want) => {
    const c = ctx();
    c.baseDir = 'dir';
    expect(evaluate(parseExpr(src), new Map(), c)).toEqual(want);
  });

  it('reports unknown functions by name', () => {
    expect(() => ev('nosuch(1)')).toThrow('call to unknown function "nosuch"');
  });
  it('fails file() cleanly without readFile', () => {
    expect(() => evaluate(parseExpr('file("x")'), new Map(), { functions: FUNCTIONS, baseDir: '', budget: { steps: 100 } })).toThrow('reading files is not enabled');
  });
});

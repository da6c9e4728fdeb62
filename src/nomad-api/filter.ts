/**
 * Nomad's `?filter=` expressions (go-bexpr), the common subset: selectors (`Status`, `Meta.owner`,
 * `Meta["a-b"]`), `==`, `!=`, `contains`, `not contains`, `matches`, `not matches` (RE2), `in`, `not in`,
 * `is empty`, `is not empty`, `and`, `or`, `not`, parentheses; values are quoted strings ("…" or `…`), numbers
 * or booleans. Parsed once per request into a predicate over the response's JSON objects.
 */
import { compileRe2 } from '../regexp/re2.js';
import { errors } from './errors.js';

type Obj = Record<string, unknown>;
/** A compiled filter. */
export type Predicate = (item: unknown) => boolean;

const TOKEN = /\s*(?:(\()|(\))|(==|!=)|("(?:[^"\\]|\\.)*"|`[^`]*`)|(\[\s*"(?:[^"\\]|\\.)*"\s*\])|([A-Za-z_][A-Za-z0-9_./-]*|-?\d+(?:\.\d+)?))/y;

function tokenize(text: string): string[] {
  const out: string[] = [];
  TOKEN.lastIndex = 0;
  while (TOKEN.lastIndex < text.length) {
    if (/^\s*$/.test(text.slice(TOKEN.lastIndex))) break;
    const at = TOKEN.lastIndex;
    const m = TOKEN.exec(text);
    if (!m) throw errors.badRequest(`failed to read filter expression: unexpected input at offset ${at}: "${text.slice(at, at + 20)}"`);
    out.push(m.slice(1).find((g) => g !== undefined)!);
  }
  return out;
}

function unquote(token: string): string {
  if (token.startsWith('`')) return token.slice(1, -1);
  return JSON.parse(token) as string;
}

function resolve(item: unknown, path: string[]): unknown {
  let cur: unknown = item;
  for (const key of path) cur = typeof cur === 'object' && cur !== null ? (cur as Obj)[key] : undefined;
  return cur;
}

const asText = (v: unknown): string => (v === null || v === undefined ? '' : typeof v === 'object' ? JSON.stringify(v) : String(v));

function contains(container: unknown, value: string): boolean {
  if (Array.isArray(container)) return container.some((x) => asText(x) === value);
  if (typeof container === 'object' && container !== null) return Object.hasOwn(container, value);
  return asText(container).includes(value);
}

function isEmpty(v: unknown): boolean {
  if (v === null || v === undefined || v === '') return true;
  if (Array.isArray(v)) return v.length === 0;
  return typeof v === 'object' && Object.keys(v as Obj).length === 0;
}

class Parser {
  private i = 0;
  constructor(private readonly tokens: string[]) {}

  parse(): Predicate {
    const p = this.or();
    if (this.i < this.tokens.length) this.fail(`unexpected "${this.tokens[this.i]}"`);
    return p;
  }

  private peek(): string | undefined { return this.tokens[this.i]; }
  private next(): string {
    const t = this.tokens[this.i++];
    if (t === undefined) this.fail('unexpected end of expression');
    return t!;
  }
  private fail(message: string): never { throw errors.badRequest(`failed to read filter expression: ${message}`); }

  private or(): Predicate {
    let left = this.and();
    while (this.peek() === 'or') { this.i++; const l = left, r = this.and(); left = (x) => l(x) || r(x); }
    return left;
  }

  private and(): Predicate {
    let left = this.unary();
    while (this.peek() === 'and') { this.i++; const l = left, r = this.unary(); left = (x) => l(x) && r(x); }
    return left;
  }

  private unary(): Predicate {
    if (this.peek() === 'not') { this.i++; const p = this.unary(); return (x) => !p(x); }
    if (this.peek() === '(') {
      this.i++;
      const p = this.or();
      if (this.next() !== ')') this.fail('expected ")"');
      return p;
    }
    return this.comparison();
  }

  private value(): string {
    const t = this.next();
    if (t.startsWith('"') || t.startsWith('`')) return unquote(t);
    if (/^-?\d/.test(t) || t === 'true' || t === 'false') return t;
    return this.fail(`expected a value, got "${t}"`);
  }

  private selector(): string[] {
    const first = this.next();
    if (!/^[A-Za-z_]/.test(first)) this.fail(`expected a selector, got "${first}"`);
    const path = first.split('.');
    while (this.peek()?.startsWith('[')) path.push(unquote(this.next().slice(1, -1).trim()));
    return path;
  }

  private comparison(): Predicate {
    const t = this.peek() ?? '';
    if (t.startsWith('"') || t.startsWith('`') || /^-?\d/.test(t)) {
      const value = this.value();
      const negate = this.peek() === 'not' ? (this.i++, true) : false;
      if (this.next() !== 'in') this.fail('expected "in"');
      const sel = this.selector();
      return (x) => contains(resolve(x, sel), value) !== negate;
    }
    const sel = this.selector();
    let op = this.next();
    if (op === 'not' || op === 'is') op = `${op} ${this.next()}`;
    if (op === 'is not') op = `is not ${this.next()}`;
    return this.operator(sel, op);
  }

  private operator(sel: string[], op: string): Predicate {
    switch (op) {
      case 'is empty': return (x) => isEmpty(resolve(x, sel));
      case 'is not empty': return (x) => !isEmpty(resolve(x, sel));
      case '==': { const v = this.value(); return (x) => asText(resolve(x, sel)) === v; }
      case '!=': { const v = this.value(); return (x) => asText(resolve(x, sel)) !== v; }
      case 'contains': { const v = this.value(); return (x) => contains(resolve(x, sel), v); }
      case 'not contains': { const v = this.value(); return (x) => !contains(resolve(x, sel), v); }
      case 'matches': case 'not matches': {
        const compiled = compileRe2(this.value());
        if (!compiled.ok) this.fail(compiled.error);
        const re = compiled.re;
        const negate = op === 'not matches';
        return (x) => re.test(asText(resolve(x, sel))) !== negate;
      }
      default: return this.fail(`unknown operator "${op}"`);
    }
  }
}

/** Compiles a filter expression; a malformed one is Nomad's 400. Expressions are bounded to 4 KiB. */
export function compileFilter(text: string): Predicate {
  if (text.length > 4096) throw errors.badRequest('failed to read filter expression: longer than 4096 characters');
  return new Parser(tokenize(text)).parse();
}

/** Recursive-descent parser for HCL2 expressions (operators, calls, traversals, splats, for). */
import { ExprSyntaxError, type Expr } from './ast.js';
import { lexExpr, type ExprToken } from './lexer.js';
import { parseTemplate } from './template.js';

const BINARY_LEVELS: string[][] = [['||'], ['&&'], ['==', '!='], ['<', '>', '<=', '>='], ['+', '-'], ['*', '/', '%']];
const MAX_DEPTH = 64;

/** Parses one complete expression; throws ExprSyntaxError. */
export function parseExpr(src: string): Expr {
  const p = new Parser(lexExpr(src));
  const e = p.expr();
  p.expectEnd();
  return e;
}

class Parser {
  private i = 0;
  private depth = 0;
  constructor(private readonly t: ExprToken[]) {}

  private peek(o = 0): ExprToken {
    return this.t[this.i + o] ?? { kind: 'eof', text: '' };
  }
  private isOp(text: string, o = 0): boolean {
    const tok = this.peek(o);
    return tok.kind === 'op' && tok.text === text;
  }
  private eat(text: string): boolean {
    if (!this.isOp(text)) return false;
    this.i++;
    return true;
  }
  private expect(text: string): void {
    if (!this.eat(text)) throw new ExprSyntaxError(`expected "${text}" but found ${this.describe()}`);
  }
  private describe(): string {
    const tok = this.peek();
    return tok.kind === 'eof' ? 'end of expression' : `"${tok.text}"`;
  }
  expectEnd(): void {
    if (this.peek().kind !== 'eof') throw new ExprSyntaxError(`unexpected ${this.describe()} after expression`);
  }
  private ident(): string {
    const tok = this.peek();
    if (tok.kind !== 'ident') throw new ExprSyntaxError(`expected a name but found ${this.describe()}`);
    this.i++;
    return tok.text;
  }

  expr(): Expr {
    if (++this.depth > MAX_DEPTH) throw new ExprSyntaxError('expression is nested too deeply');
    const cond = this.binary(0);
    let out = cond;
    if (this.eat('?')) {
      const then = this.expr();
      this.expect(':');
      out = { kind: 'cond', cond, then, else: this.expr() };
    }
    this.depth--;
    return out;
  }

  private binary(level: number): Expr {
    const ops = BINARY_LEVELS[level];
    if (!ops) return this.unary();
    let left = this.binary(level + 1);
    for (;;) {
      const op = ops.find((o) => this.isOp(o));
      if (!op) return left;
      this.i++;
      left = { kind: 'binary', op, left, right: this.binary(level + 1) };
    }
  }

  private unary(): Expr {
    if (this.eat('!')) return { kind: 'unary', op: '!', operand: this.unary() };
    if (this.eat('-')) return { kind: 'unary', op: '-', operand: this.unary() };
    return this.postfix(this.primary());
  }

  private postfix(target: Expr): Expr {
    for (;;) {
      if (this.isOp('.') && this.isOp('*', 1)) {
        this.i += 2;
        return { kind: 'splat', target, each: this.traversals({ kind: 'var', name: '' }) };
      }
      if (this.isOp('[') && this.isOp('*', 1) && this.isOp(']', 2)) {
        this.i += 3;
        return { kind: 'splat', target, each: this.traversals({ kind: 'var', name: '' }) };
      }
      const next = this.traversal(target);
      if (!next) return target;
      target = next;
    }
  }

  private traversals(target: Expr): Expr {
    for (let next = this.traversal(target); next; next = this.traversal(target)) target = next;
    return target;
  }

  private traversal(target: Expr): Expr | undefined {
    if (this.eat('.')) {
      const tok = this.peek();
      if (tok.kind === 'num') {
        this.i++;
        return { kind: 'index', target, key: { kind: 'lit', value: Number(tok.text) } };
      }
      return { kind: 'attr', target, name: this.ident() };
    }
    if (this.isOp('[') && !this.isOp('*', 1)) {
      this.i++;
      const key = this.expr();
      this.expect(']');
      return { kind: 'index', target, key };
    }
    return undefined;
  }

  private primary(): Expr {
    const tok = this.peek();
    if (tok.kind === 'num') {
      this.i++;
      return { kind: 'lit', value: Number(tok.text) };
    }
    if (tok.kind === 'str') {
      this.i++;
      return parseTemplate(tok.text, true);
    }
    if (tok.kind === 'ident') return this.identifier(tok.text);
    if (this.eat('(')) {
      const e = this.expr();
      this.expect(')');
      return e;
    }
    if (this.isOp('[')) return this.tuple();
    if (this.isOp('{')) return this.object();
    throw new ExprSyntaxError(`expected an expression but found ${this.describe()}`);
  }

  private identifier(name: string): Expr {
    this.i++;
    if (name === 'true' || name === 'false') return { kind: 'lit', value: name === 'true' };
    if (name === 'null') return { kind: 'lit', value: null };
    if (!this.eat('(')) return { kind: 'var', name };
    const args: Expr[] = [];
    let expand = false;
    while (!this.eat(')')) {
      args.push(this.expr());
      if (this.eat('...')) expand = true;
      if (!this.isOp(')')) this.expect(',');
    }
    return { kind: 'call', name, args, expand };
  }

  private tuple(): Expr {
    this.expect('[');
    if (this.peek().kind === 'ident' && this.peek().text === 'for') return this.forExpr(']');
    const items: Expr[] = [];
    while (!this.eat(']')) {
      items.push(this.expr());
      if (!this.isOp(']')) this.expect(',');
    }
    return { kind: 'tuple', items };
  }

  private object(): Expr {
    this.expect('{');
    if (this.peek().kind === 'ident' && this.peek().text === 'for' && this.peek(1).kind === 'ident') return this.forExpr('}');
    const items: Array<{ key: Expr; value: Expr }> = [];
    while (!this.eat('}')) {
      const tok = this.peek();
      const bare = tok.kind === 'ident' && (this.isOp('=', 1) || this.isOp(':', 1));
      const key: Expr = bare ? { kind: 'lit', value: tok.text } : this.expr();
      if (bare) this.i++;
      if (!this.eat('=')) this.expect(':');
      items.push({ key, value: this.expr() });
      this.eat(',');
    }
    return { kind: 'object', items };
  }

  private forExpr(close: ']' | '}'): Expr {
    this.i++;
    const first = this.ident();
    const second = this.eat(',') ? this.ident() : undefined;
    if (this.ident() !== 'in') throw new ExprSyntaxError('expected "in" in for expression');
    const coll = this.expr();
    this.expect(':');
    const head = this.expr();
    let valExpr = head;
    let keyExpr: Expr | undefined;
    if (close === '}') {
      this.expect('=>');
      keyExpr = head;
      valExpr = this.expr();
    }
    const group = close === '}' && this.eat('...');
    const cond = this.peek().kind === 'ident' && this.peek().text === 'if' ? (this.i++, this.expr()) : undefined;
    this.expect(close);
    const vars = second === undefined ? { valVar: first } : { keyVar: first, valVar: second };
    const out: Expr = { kind: 'for', ...vars, coll, valExpr, group };
    if (keyExpr) out.keyExpr = keyExpr;
    if (cond) out.cond = cond;
    return out;
  }
}

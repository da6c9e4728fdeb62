/** A light HCL tokenizer used only to find where blocks and attributes are (hcl2json gives no positions). */

/** Token kinds the structure scanner needs. */
export type TokenKind = 'ident' | 'string' | 'heredoc' | 'number' | 'punct' | 'newline' | 'other';

/** One token with its 1-based position; `text` is the decoded value for strings. */
export interface Token {
  kind: TokenKind;
  text: string;
  line: number;
  column: number;
  /** 0-based offset of the token's first character in the source. */
  offset: number;
}

/** Tokenizes HCL source; never throws, tolerates garbage, linear in input size. */
export function tokenize(src: string): Token[] {
  return new Lexer(src).run();
}

const IDENT_START = /[\p{L}_]/u;
const IDENT_PART = /[\p{L}\p{N}_-]/u;

class Lexer {
  private i = 0;
  private line = 1;
  private col = 1;
  private readonly out: Token[] = [];
  constructor(private readonly s: string) {}

  run(): Token[] {
    while (this.i < this.s.length) this.step();
    return this.out;
  }

  private step(): void {
    const c = this.s[this.i] ?? '';
    const start = { line: this.line, column: this.col, offset: this.i };
    if (c === '\n') {
      this.adv(1);
      this.out.push({ kind: 'newline', text: '\n', ...start });
    } else if (c === ' ' || c === '\t' || c === '\r' || c === '\uFEFF') {
      this.adv(1);
    } else if (c === '#' || this.s.startsWith('//', this.i)) {
      this.skipUntil('\n', false);
    } else if (this.s.startsWith('/*', this.i)) {
      this.adv(2);
      this.skipUntil('*/', true);
    } else if (c === '"') {
      this.out.push({ kind: 'string', text: this.quoted(), ...start });
    } else if (this.s.startsWith('<<', this.i) && /^<<-?[A-Za-z_]/.test(this.s.slice(this.i, this.i + 4))) {
      this.heredoc();
      this.out.push({ kind: 'heredoc', text: '', ...start });
    } else if (IDENT_START.test(c)) {
      this.out.push({ kind: 'ident', text: this.take(IDENT_PART), ...start });
    } else if (c >= '0' && c <= '9') {
      this.out.push({ kind: 'number', text: this.take(/[0-9.eE+-]/), ...start });
    } else {
      this.adv(1);
      this.out.push({ kind: '{}[]()=,:?'.includes(c) ? 'punct' : 'other', text: c, ...start });
    }
  }

  private adv(n: number): void {
    for (let k = 0; k < n && this.i < this.s.length; k++) {
      if (this.s[this.i] === '\n') {
        this.line++;
        this.col = 1;
      } else {
        this.col++;
      }
      this.i++;
    }
  }

  private take(re: RegExp): string {
    const from = this.i;
    this.adv(1);
    while (this.i < this.s.length && re.test(this.s[this.i] ?? '')) this.adv(1);
    return this.s.slice(from, this.i);
  }

  private skipUntil(end: string, consume: boolean): void {
    const j = this.s.indexOf(end, this.i);
    const stop = j < 0 ? this.s.length : j + (consume ? end.length : 0);
    this.adv(stop - this.i);
  }

  /** Reads a quoted string, skipping nested `${ … }` / `%{ … }` templates; returns the raw inner text. */
  private quoted(): string {
    this.adv(1);
    const from = this.i;
    while (this.i < this.s.length) {
      const c = this.s[this.i];
      if (c === '\\') this.adv(2);
      else if (c === '"' || c === '\n') break;
      else if ((c === '$' || c === '%') && this.s[this.i + 1] === '{') this.template();
      else this.adv(1);
    }
    const text = this.s.slice(from, this.i);
    if (this.s[this.i] === '"') this.adv(1);
    return text;
  }

  /** Skips a template sequence `${ … }`, balancing braces and nested strings. */
  private template(): void {
    this.adv(2);
    let depth = 1;
    while (this.i < this.s.length && depth > 0) {
      const c = this.s[this.i];
      if (c === '"') {
        this.quoted();
        continue;
      }
      if (c === '{') depth++;
      if (c === '}') depth--;
      this.adv(1);
    }
  }

  private heredoc(): void {
    const m = /^<<-?([A-Za-z_][\w-]*)/.exec(this.s.slice(this.i, this.i + 200));
    const marker = m?.[1] ?? '';
    this.skipUntil('\n', true);
    while (this.i < this.s.length) {
      const eol = this.s.indexOf('\n', this.i);
      const end = eol < 0 ? this.s.length : eol;
      const isEnd = this.s.slice(this.i, end).trim() === marker;
      this.adv(end - this.i);
      if (isEnd) return;
      this.adv(1);
    }
  }
}

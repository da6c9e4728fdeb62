/** Tokenizer for HCL2 expressions (the text inside `${…}`). */
import { ExprSyntaxError } from './ast.js';

/** An expression token; strings keep their raw (still escaped) body. */
export interface ExprToken {
  kind: 'num' | 'ident' | 'str' | 'op' | 'eof';
  text: string;
}

const OPS = ['...', '==', '!=', '<=', '>=', '&&', '||', '=>', '!', '<', '>', '+', '-', '*', '/', '%', '?', ':', '.', ',', '(', ')', '[', ']', '{', '}', '='];
const IDENT_START = /[\p{L}_]/u;
const IDENT_PART = /[\p{L}\p{N}_-]/u;

/** Splits expression source into tokens, skipping line and block comments; throws ExprSyntaxError on stray characters. */
export function lexExpr(src: string): ExprToken[] {
  const out: ExprToken[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i] ?? '';
    if (/\s/.test(c)) {
      i++;
    } else if (commentEnd(src, i) !== undefined) {
      i = commentEnd(src, i) ?? src.length;
    } else if (c === '"') {
      const end = skipString(src, i);
      out.push({ kind: 'str', text: src.slice(i + 1, end - 1) });
      i = end;
    } else if (c >= '0' && c <= '9') {
      const m = /^\d+(\.\d+)?([eE][+-]?\d+)?/.exec(src.slice(i, i + 400));
      const text = m?.[0] ?? c;
      out.push({ kind: 'num', text });
      i += text.length;
    } else if (IDENT_START.test(c)) {
      let j = i + 1;
      while (j < src.length && (IDENT_PART.test(src[j] ?? '') || (src[j] === ':' && src[j + 1] === ':'))) j += src[j] === ':' ? 2 : 1;
      out.push({ kind: 'ident', text: src.slice(i, j) });
      i = j;
    } else {
      const op = OPS.find((o) => src.startsWith(o, i));
      if (!op) throw new ExprSyntaxError(`unexpected character ${JSON.stringify(c)} in expression`);
      out.push({ kind: 'op', text: op });
      i += op.length;
    }
  }
  out.push({ kind: 'eof', text: '' });
  return out;
}

/** The index just past a `#`, `//` or block comment starting at `i`, or undefined when none starts there. */
function commentEnd(src: string, i: number): number | undefined {
  if (src[i] === '#' || src.startsWith('//', i)) {
    const eol = src.indexOf('\n', i);
    return eol < 0 ? src.length : eol;
  }
  if (!src.startsWith('/*', i)) return undefined;
  const end = src.indexOf('*/', i + 2);
  return end < 0 ? src.length : end + 2;
}

/** Returns the index just past the closing quote of the string starting at `start`. */
export function skipString(src: string, start: number): number {
  let i = start + 1;
  while (i < src.length) {
    const c = src[i];
    if (c === '\\') i += 2;
    else if (c === '"') return i + 1;
    else if ((c === '$' || c === '%') && src[i + 1] === '{' && src[i - 1] !== c) i = skipTemplate(src, i + 2);
    else i++;
  }
  throw new ExprSyntaxError('unterminated string in expression');
}

/** Returns the index just past the `}` closing a template sequence whose body starts at `start`. */
export function skipTemplate(src: string, start: number): number {
  let depth = 1;
  let i = start;
  while (i < src.length) {
    const c = src[i];
    if (c === '"') {
      i = skipString(src, i);
      continue;
    }
    if (c === '{') depth++;
    if (c === '}' && --depth === 0) return i + 1;
    i++;
  }
  throw new ExprSyntaxError('unterminated template sequence');
}

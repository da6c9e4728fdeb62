/** Parses HCL2 string templates: literal text, `${expr}`, `%{if}`/`%{for}` directives, `$${`/`%%{` escapes. */
import { ExprSyntaxError, type Expr, type TemplatePart } from './ast.js';
import { skipTemplate } from './lexer.js';
import { parseExpr } from './parser.js';

type Directive = { kind: 'dir'; words: string; strip: boolean };
type Piece = TemplatePart | Directive;

/**
 * Parses a template. `quoted` means backslash escapes are still present (string literals inside
 * expressions); top-level strings from hcl2json are already unescaped.
 */
export function parseTemplate(src: string, quoted: boolean): Expr {
  const pieces = lexTemplate(src, quoted);
  const parts = nest(pieces, 0, []).parts;
  if (parts.every((p) => p.kind === 'text')) return { kind: 'lit', value: parts.map((p) => (p.kind === 'text' ? p.text : '')).join('') };
  return { kind: 'template', parts };
}

/** True when a string needs template evaluation at all. */
export function hasTemplate(s: string): boolean {
  return s.includes('${') || s.includes('%{');
}

function lexTemplate(src: string, quoted: boolean): Piece[] {
  const out: Piece[] = [];
  let text = '';
  let i = 0;
  while (i < src.length) {
    const c = src[i] ?? '';
    const n = src[i + 1];
    if ((c === '$' || c === '%') && n === c && src[i + 2] === '{') {
      text += `${c}{`;
      i += 3;
    } else if ((c === '$' || c === '%') && n === '{') {
      const end = skipTemplate(src, i + 2);
      let inner = src.slice(i + 2, end - 1);
      if (inner.startsWith('~')) text = text.trimEnd();
      if (text) out.push({ kind: 'text', text });
      text = '';
      inner = inner.replace(/^~/, '');
      const strip = inner.endsWith('~');
      inner = inner.replace(/~$/, '');
      out.push(c === '$' ? { kind: 'interp', expr: parseExpr(inner), source: inner.trim() } : { kind: 'dir', words: inner.trim(), strip });
      i = end;
      if (strip) while (/\s/.test(src[i] ?? '')) i++;
    } else if (quoted && c === '\\') {
      const [s, len] = unescape(src, i);
      text += s;
      i += len;
    } else {
      text += c;
      i++;
    }
  }
  if (text) out.push({ kind: 'text', text });
  return out;
}

function unescape(src: string, i: number): [string, number] {
  const n = src[i + 1] ?? '';
  const simple: Record<string, string> = { n: '\n', t: '\t', r: '\r', '"': '"', '\\': '\\' };
  if (n in simple) return [simple[n] ?? '', 2];
  const hex = n === 'u' ? src.slice(i + 2, i + 6) : n === 'U' ? src.slice(i + 2, i + 10) : '';
  if (hex && /^[0-9a-fA-F]+$/.test(hex)) {
    const cp = parseInt(hex, 16);
    if (cp <= 0x10ffff) return [String.fromCodePoint(cp), 2 + hex.length];
  }
  throw new ExprSyntaxError(`invalid escape sequence "\\${n}"`);
}

/** Groups directive pieces into nested if/for parts until one of `stops` is met. */
function nest(pieces: Piece[], start: number, stops: string[]): { parts: TemplatePart[]; next: number; stop?: string } {
  const parts: TemplatePart[] = [];
  let i = start;
  while (i < pieces.length) {
    const p = pieces[i];
    if (!p) break;
    if (p.kind !== 'dir') {
      parts.push(p);
      i++;
      continue;
    }
    const word = p.words.split(/\s+/)[0] ?? '';
    if (stops.includes(word)) return { parts, next: i + 1, stop: word };
    const [part, next] = word === 'if' ? ifPart(pieces, i, p) : word === 'for' ? forPart(pieces, i, p) : bad(p);
    parts.push(part);
    i = next;
  }
  if (stops.length > 0) throw new ExprSyntaxError(`template directive is missing %{${stops[stops.length - 1] ?? ''}}`);
  return { parts, next: i };
}

function bad(p: Directive): never {
  throw new ExprSyntaxError(`unexpected template directive %{${p.words}}`);
}

function ifPart(pieces: Piece[], i: number, p: Directive): [TemplatePart, number] {
  const cond = parseExpr(p.words.replace(/^if\s+/, ''));
  const a = nest(pieces, i + 1, ['else', 'endif']);
  if (a.stop === 'endif') return [{ kind: 'if', cond, then: a.parts, else: [] }, a.next];
  const b = nest(pieces, a.next, ['endif']);
  return [{ kind: 'if', cond, then: a.parts, else: b.parts }, b.next];
}

function forPart(pieces: Piece[], i: number, p: Directive): [TemplatePart, number] {
  const m = /^for\s+([\p{L}_][\p{L}\p{N}_-]*)(?:\s*,\s*([\p{L}_][\p{L}\p{N}_-]*))?\s+in\s+([\s\S]+)$/u.exec(p.words);
  if (!m) throw new ExprSyntaxError(`invalid template for directive %{${p.words}}`);
  const body = nest(pieces, i + 1, ['endfor']);
  const coll = parseExpr(m[3] ?? '');
  const part: TemplatePart = m[2]
    ? { kind: 'for', keyVar: m[1] ?? '', valVar: m[2], coll, body: body.parts }
    : { kind: 'for', valVar: m[1] ?? '', coll, body: body.parts };
  return [part, body.next];
}

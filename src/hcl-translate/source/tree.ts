/** The block/attribute structure of HCL source, with positions, built from tokens. */
import type { Pos } from '../diagnostics.js';
import { tokenize, type Token } from './tokens.js';

/** A block in the source (the file itself is a block with type ''). */
export interface SrcBlock {
  type: string;
  labels: string[];
  pos: Pos;
  attrs: Map<string, Pos>;
  /** Source offsets [start, end) of each attribute's expression (for positions of errors inside it). */
  spans: Map<string, [number, number]>;
  blocks: SrcBlock[];
}

/** Deepest `{`/`[`/`(` nesting found in the source, with where it was reached. */
export interface DepthInfo {
  depth: number;
  pos: Pos;
}

/** Parses the structure of (already validated) HCL source; never throws. */
export function sourceTree(src: string): SrcBlock {
  const toks = tokenize(src);
  const root: SrcBlock = { type: '', labels: [], pos: { line: 1, column: 1 }, attrs: new Map(), spans: new Map(), blocks: [] };
  new Structure(toks).body(root, 0);
  return root;
}

/** Converts a 0-based source offset to a 1-based line and column. */
export function posAt(src: string, offset: number): Pos {
  let line = 1;
  let last = -1;
  for (let i = src.indexOf('\n'); i >= 0 && i < offset; i = src.indexOf('\n', i + 1)) {
    line++;
    last = i;
  }
  return { line, column: offset - last };
}

/** Maximum bracket nesting depth of the source (for the depth guard). */
export function maxDepth(src: string): DepthInfo {
  let depth = 0;
  let best: DepthInfo = { depth: 0, pos: { line: 1, column: 1 } };
  for (const t of tokenize(src)) {
    if (t.kind !== 'punct') continue;
    if ('{[('.includes(t.text)) depth++;
    else if ('}])'.includes(t.text)) depth = Math.max(0, depth - 1);
    if (depth > best.depth) best = { depth, pos: { line: t.line, column: t.column } };
  }
  return best;
}

/** Finds the `index`-th child block of `type` (with first label `label` when given). */
export function childBlock(parent: SrcBlock | undefined, type: string, label: string | undefined, index: number): SrcBlock | undefined {
  if (!parent) return undefined;
  const matches = parent.blocks.filter((b) => b.type === type && (label === undefined ? b.labels.length === 0 : b.labels[0] === label));
  return matches[index];
}

class Structure {
  private i = 0;
  constructor(private readonly t: Token[]) {}

  /** Reads items until the matching `}` (or end of input at depth 0). */
  body(into: SrcBlock, depth: number): void {
    while (this.i < this.t.length) {
      const tok = this.t[this.i];
      if (!tok) return;
      if (tok.kind === 'newline' || (tok.kind === 'punct' && tok.text === ',')) {
        this.i++;
      } else if (tok.kind === 'punct' && tok.text === '}') {
        this.i++;
        if (depth > 0) return;
      } else if (tok.kind === 'ident' || tok.kind === 'string') {
        this.item(into, tok, depth);
      } else {
        this.i++;
      }
    }
  }

  private item(into: SrcBlock, head: Token, depth: number): void {
    this.i++;
    const next = this.t[this.i];
    const pos = { line: head.line, column: head.column };
    if (next?.kind === 'punct' && (next.text === '=' || next.text === ':')) {
      this.i++;
      const first = !into.attrs.has(head.text);
      if (first) into.attrs.set(head.text, pos);
      const start = this.t[this.i]?.offset ?? head.offset;
      this.skipExpression();
      const end = this.t[this.i]?.offset ?? Number.MAX_SAFE_INTEGER;
      if (first) into.spans.set(head.text, [start, end]);
      return;
    }
    const labels: string[] = [];
    while (this.t[this.i]?.kind === 'string' || this.t[this.i]?.kind === 'ident') labels.push(this.t[this.i++]?.text ?? '');
    if (this.t[this.i]?.text !== '{') return;
    this.i++;
    const block: SrcBlock = { type: head.text, labels, pos, attrs: new Map(), spans: new Map(), blocks: [] };
    into.blocks.push(block);
    if (depth < 200) this.body(block, depth + 1);
  }

  /** Skips an attribute's expression: up to a newline or `}` outside brackets. */
  private skipExpression(): void {
    let depth = 0;
    while (this.i < this.t.length) {
      const tok = this.t[this.i];
      if (!tok) return;
      if (depth === 0 && (tok.kind === 'newline' || tok.text === '}' || tok.text === ',')) return;
      if (tok.kind === 'punct' && '{[('.includes(tok.text)) depth++;
      if (tok.kind === 'punct' && '}])'.includes(tok.text)) depth--;
      this.i++;
    }
  }
}

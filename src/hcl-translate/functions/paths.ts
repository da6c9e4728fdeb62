/** Path functions (abspath, basename, dirname, pathexpand, fileset) with Go's path/filepath semantics on POSIX paths. */
import type { Value } from '../expr/ast.js';
import type { EvalContext, HclFunction } from '../expr/evaluate.js';
import { EvalError, toStr } from '../expr/values.js';
import { arg, arity, capSize } from './args.js';
import { resolvePath } from './encoding.js';

const s = (a: Value[], i: number, fn: string): string => toStr(arg(a, i, fn), `${fn}() argument ${i + 1}`);

/** Go's filepath.Clean: one slash between parts, no `.`, `..` resolved lexically, "." for empty. */
export function cleanPath(p: string): string {
  const rooted = p.startsWith('/');
  const out: string[] = [];
  for (const part of p.split('/')) {
    if (part === '' || part === '.') continue;
    if (part !== '..') out.push(part);
    else if (out.length > 0 && out[out.length - 1] !== '..') out.pop();
    else if (!rooted) out.push('..');
  }
  const body = out.join('/');
  return rooted ? `/${body}` : body || '.';
}

function basename(p: string): string {
  const trimmed = p.replace(/\/+$/, '');
  if (p === '') return '.';
  if (trimmed === '') return '/';
  return trimmed.slice(trimmed.lastIndexOf('/') + 1);
}

function dirname(p: string): string {
  const cut = p.lastIndexOf('/');
  return cleanPath(p.slice(0, cut + 1));
}

function abspath(a: Value[], ctx: EvalContext): Value {
  const p = s(a, 0, 'abspath');
  if (p.startsWith('/')) return cleanPath(p);
  if (ctx.cwd === undefined) throw new EvalError('abspath(): the working directory is not known to this translation');
  return cleanPath(`${ctx.cwd}/${p}`);
}

function pathexpand(a: Value[], ctx: EvalContext): Value {
  const p = s(a, 0, 'pathexpand');
  if (p !== '~' && !p.startsWith('~/')) return p;
  if (ctx.home === undefined) throw new EvalError('pathexpand(): the home directory is not known to this translation');
  return `${ctx.home}${p.slice(1)}`;
}

const CLASS_END = /^\[(!|\^)?\]?[^\]]*\]/;

/** One glob token at the start of `rest` → its RegExp source and length; `depth` counts open `{` groups. */
function globToken(rest: string, depth: { n: number }): [string, number] {
  if (rest.startsWith('**/')) return ['(?:[^/]*/)*', 3];
  if (rest.startsWith('**')) return ['.*', 2];
  const c = rest[0] ?? '';
  const cls = c === '[' ? CLASS_END.exec(rest)?.[0] : undefined;
  if (cls) return [`[${cls.slice(1, -1).replace(/^[!^]/, '^').replace(/\\/g, '\\\\')}]`, cls.length];
  if (c === '\\') return [`\\${rest[1] ?? '\\'}`, 2];
  if (c === '{') return (depth.n++, ['(?:', 1]);
  if (c === '}' && depth.n > 0) return (depth.n--, [')', 1]);
  if (c === ',' && depth.n > 0) return ['|', 1];
  const simple: Record<string, string> = { '*': '[^/]*', '?': '[^/]' };
  return [simple[c] ?? c.replace(/[.+^$|(){}[\]]/g, '\\$&'), 1];
}

/** A glob (`*`, `?`, `[…]`, `{a,b}`, `**` for any number of directories) as an anchored RegExp. */
export function globToRegExp(glob: string): RegExp {
  let out = '';
  const depth = { n: 0 };
  for (let i = 0; i < glob.length; ) {
    const [re, length] = globToken(glob.slice(i), depth);
    out += re;
    i += length;
  }
  try {
    return new RegExp(`^${out}$`, 'u');
  } catch {
    throw new EvalError(`fileset(): invalid pattern "${glob}"`);
  }
}

function fileset(a: Value[], ctx: EvalContext): Value {
  arity(a, 'fileset', 2);
  const dir = s(a, 0, 'fileset');
  const pattern = s(a, 1, 'fileset');
  if (!ctx.listFiles) throw new EvalError(`fileset("${dir}"): listing files is not enabled for this translation`);
  const files = ctx.listFiles(resolvePath(ctx.baseDir, dir));
  if (files === undefined) throw new EvalError(`fileset("${dir}"): no such directory`);
  capSize(files.length, 'fileset');
  const re = globToRegExp(cleanPath(pattern));
  return files.filter((f) => re.test(f)).sort();
}

/** Path functions by name. */
export const pathFunctions: Record<string, HclFunction> = {
  abspath,
  basename: (a) => basename(s(a, 0, 'basename')),
  dirname: (a) => dirname(s(a, 0, 'dirname')),
  pathexpand,
  fileset,
};

/** Encoding, hashing and file functions; `file()` reads through the injected readFile. */
import { createHash } from 'node:crypto';
import * as yaml from 'js-yaml';
import type { Value } from '../expr/ast.js';
import type { EvalContext, HclFunction } from '../expr/evaluate.js';
import { EvalError, toStr } from '../expr/values.js';
import { arg } from './args.js';
import { csvDecode } from './csv.js';

const s = (a: Value[], i: number, fn: string): string => toStr(arg(a, i, fn), `${fn}() argument ${i + 1}`);
const hash = (alg: string): HclFunction => (a) => createHash(alg).update(s(a, 0, alg)).digest('hex');

/** Resolves a path relative to the jobspec's directory (POSIX-style, no I/O). */
export function resolvePath(base: string, p: string): string {
  if (p.startsWith('/')) return p;
  const parts = (base ? `${base}/${p}` : p).split('/');
  const out: string[] = [];
  for (const part of parts) {
    if (part === '.' || part === '') continue;
    if (part === '..' && out.length > 0 && out[out.length - 1] !== '..') out.pop();
    else out.push(part);
  }
  return out.join('/') || '.';
}

/** Reads a file for `file()`/`templatefile()`, failing cleanly when reads are not allowed. */
export function readFor(fn: string, path: string, ctx: EvalContext): string {
  if (!ctx.readFile) throw new EvalError(`${fn}("${path}"): reading files is not enabled for this translation`);
  let text: string | undefined;
  try {
    text = ctx.readFile(resolvePath(ctx.baseDir, path));
  } catch {
    text = undefined;
  }
  if (text === undefined) throw new EvalError(`${fn}("${path}"): no such file`);
  if (text.length > 1 << 20) throw new EvalError(`${fn}("${path}"): file is larger than 1 MiB`);
  return text;
}

function decodeJson(text: string): Value {
  try {
    return JSON.parse(text) as Value;
  } catch {
    throw new EvalError('jsondecode(): invalid JSON');
  }
}

function decodeYaml(text: string): Value {
  try {
    return (yaml.load(text) ?? null) as Value;
  } catch {
    throw new EvalError('yamldecode(): invalid YAML');
  }
}

const GO_ESCAPES: Record<string, string> = { '<': '\\u003c', '>': '\\u003e', '&': '\\u0026', '\u2028': '\\u2028', '\u2029': '\\u2029' };

/** cty's JSON: object keys in lexical order (built by hand: JS objects put integer-like keys first), `<`, `>`, `&`, U+2028 and U+2029 escaped as Go's encoder does. */
export function jsonEncode(v: Value): string {
  const str = (x: string): string => JSON.stringify(x).replace(/[<>&\u2028\u2029]/g, (c) => GO_ESCAPES[c] ?? c);
  if (Array.isArray(v)) return `[${v.map(jsonEncode).join(',')}]`;
  if (typeof v === 'string') return str(v);
  if (v === null || typeof v !== 'object') return JSON.stringify(v);
  return `{${Object.keys(v).sort().map((k) => `${str(k)}:${jsonEncode(v[k] ?? null)}`).join(',')}}`;
}

/** Encoding and file functions by name. */
export const encodingFunctions: Record<string, HclFunction> = {
  base64encode: (a) => Buffer.from(s(a, 0, 'base64encode')).toString('base64'),
  base64decode: (a) => Buffer.from(s(a, 0, 'base64decode'), 'base64').toString('utf8'),
  jsonencode: (a) => jsonEncode(arg(a, 0, 'jsonencode')),
  jsondecode: (a) => decodeJson(s(a, 0, 'jsondecode')),
  csvdecode: (a) => csvDecode(s(a, 0, 'csvdecode')),
  yamlencode: (a) => yaml.dump(arg(a, 0, 'yamlencode')),
  yamldecode: (a) => decodeYaml(s(a, 0, 'yamldecode')),
  urlencode: (a) => encodeURIComponent(s(a, 0, 'urlencode')),
  md5: hash('md5'),
  sha1: hash('sha1'),
  sha256: hash('sha256'),
  sha512: hash('sha512'),
  file: (a, ctx) => readFor('file', s(a, 0, 'file'), ctx),
  fileexists: (a, ctx) => ctx.readFile?.(resolvePath(ctx.baseDir, s(a, 0, 'fileexists'))) !== undefined,
  filebase64: (a, ctx) => Buffer.from(readFor('filebase64', s(a, 0, 'filebase64'), ctx)).toString('base64'),
};

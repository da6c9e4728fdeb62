/** Randomised and key-based functions: bcrypt, rsadecrypt, uuidv4, uuidv5 (as go-cty-funcs defines them). */
import { createHash, createPrivateKey, randomUUID } from 'node:crypto';
import bcryptjs from 'bcryptjs';
import type { Value } from '../expr/ast.js';
import type { HclFunction } from '../expr/evaluate.js';
import { EvalError, toNum, toStr } from '../expr/values.js';
import { arg, arity } from './args.js';

const s = (a: Value[], i: number, fn: string): string => toStr(arg(a, i, fn), `${fn}() argument ${i + 1}`);

/** bcrypt hash with a random salt; Go's library writes the `$2a$` prefix, so we do too. */
function bcrypt(a: Value[]): Value {
  arity(a, 'bcrypt', 1, 2);
  const cost = a.length > 1 ? toNum(arg(a, 1, 'bcrypt'), 'bcrypt() cost') : 10;
  if (!Number.isInteger(cost) || cost < 4 || cost > 31) throw new EvalError(`bcrypt(): cost ${cost} is outside the allowed range (4,31)`);
  return bcryptjs.hashSync(s(a, 0, 'bcrypt'), cost).replace(/^\$2b\$/, '$2a$');
}

const b64url = (text: string): bigint => BigInt(`0x${Buffer.from(text, 'base64url').toString('hex') || '0'}`);

function modPow(base: bigint, exp: bigint, mod: bigint): bigint {
  let result = 1n;
  let b = base % mod;
  for (let e = exp; e > 0n; e >>= 1n) {
    if (e & 1n) result = (result * b) % mod;
    b = (b * b) % mod;
  }
  return result;
}

/** Decrypts RSA PKCS #1 v1.5 ciphertext (base64) with a PEM private key; done with bigint arithmetic, as Node refuses this padding. */
function rsadecrypt(a: Value[]): Value {
  arity(a, 'rsadecrypt', 2);
  const cipher = Buffer.from(s(a, 0, 'rsadecrypt'), 'base64');
  let jwk: { n?: string; d?: string };
  try {
    jwk = createPrivateKey(s(a, 1, 'rsadecrypt')).export({ format: 'jwk' }) as { n?: string; d?: string };
  } catch {
    throw new EvalError('rsadecrypt(): failed to parse the private key');
  }
  if (!jwk.n || !jwk.d) throw new EvalError('rsadecrypt(): the private key is not an RSA key');
  const n = b64url(jwk.n);
  const size = Buffer.from(jwk.n, 'base64url').length;
  const m = modPow(BigInt(`0x${cipher.toString('hex') || '0'}`), b64url(jwk.d), n);
  const block = Buffer.from(m.toString(16).padStart(size * 2, '0'), 'hex');
  const sep = block.indexOf(0, 2);
  if (cipher.length !== size || block[0] !== 0 || block[1] !== 2 || sep < 10) throw new EvalError('rsadecrypt(): failed to decrypt');
  return block.subarray(sep + 1).toString('utf8');
}

const NAMESPACES: Record<string, string> = {
  dns: '6ba7b810-9dad-11d1-80b4-00c04fd430c8',
  url: '6ba7b811-9dad-11d1-80b4-00c04fd430c8',
  oid: '6ba7b812-9dad-11d1-80b4-00c04fd430c8',
  x500: '6ba7b814-9dad-11d1-80b4-00c04fd430c8',
};
const UUID = /^(urn:uuid:)?\{?[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}\}?$/i;

/** Name-based (SHA-1) UUID of RFC 4122 §4.3. */
export function uuidV5(namespace: string, name: string): string {
  const ns = NAMESPACES[namespace] ?? namespace;
  if (!UUID.test(ns)) throw new EvalError(`uuidv5(): "${namespace}" is not a valid namespace (dns, url, oid, x500 or a UUID)`);
  const nsBytes = Buffer.from(ns.replace(/^urn:uuid:/i, '').replace(/[{}-]/g, ''), 'hex');
  const h = createHash('sha1').update(nsBytes).update(name).digest().subarray(0, 16);
  h[6] = ((h[6] ?? 0) & 0x0f) | 0x50;
  h[8] = ((h[8] ?? 0) & 0x3f) | 0x80;
  const x = h.toString('hex');
  return `${x.slice(0, 8)}-${x.slice(8, 12)}-${x.slice(12, 16)}-${x.slice(16, 20)}-${x.slice(20)}`;
}

/** Crypto and UUID functions by name. */
export const cryptoFunctions: Record<string, HclFunction> = {
  bcrypt,
  rsadecrypt,
  uuidv4: (a) => (arity(a, 'uuidv4', 0), randomUUID()),
  uuidv5: (a) => (arity(a, 'uuidv5', 2), uuidV5(s(a, 0, 'uuidv5'), s(a, 1, 'uuidv5'))),
};

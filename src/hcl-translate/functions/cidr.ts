/** IP network functions (cidrhost, cidrnetmask, cidrsubnet, cidrsubnets) with Terraform's semantics, IPv4 and IPv6. */
import type { Value } from '../expr/ast.js';
import type { HclFunction } from '../expr/evaluate.js';
import { EvalError, toNum, toStr } from '../expr/values.js';
import { arg, arity } from './args.js';

/** A parsed network: its address as a bigint, the address width (32 or 128) and the prefix length. */
interface Net {
  addr: bigint;
  bits: 32 | 128;
  prefix: number;
}

function parseV4(s: string): bigint | undefined {
  const parts = s.split('.');
  if (parts.length !== 4 || parts.some((p) => !/^\d{1,3}$/.test(p) || Number(p) > 255)) return undefined;
  return parts.reduce((acc, p) => (acc << 8n) | BigInt(p), 0n);
}

function parseV6(s: string): bigint | undefined {
  let text = s;
  if (text.includes('.')) {
    const cut = text.lastIndexOf(':') + 1;
    const v4 = parseV4(text.slice(cut));
    if (v4 === undefined || cut === 0) return undefined;
    text = `${text.slice(0, cut)}${(v4 >> 16n).toString(16)}:${(v4 & 0xffffn).toString(16)}`;
  }
  const halves = text.split('::');
  if (halves.length > 2) return undefined;
  const group = (h: string | undefined): string[] => (h ? h.split(':') : []);
  const head = group(halves[0]);
  const rest = group(halves[1]);
  if ([...head, ...rest].some((g) => !/^[0-9a-fA-F]{1,4}$/.test(g))) return undefined;
  const zeros = halves.length === 2 ? 8 - head.length - rest.length : 0;
  if ((halves.length === 2 && zeros < 1) || head.length + rest.length + zeros !== 8) return undefined;
  const words = [...head, ...Array<string>(zeros).fill('0'), ...rest].map((g) => BigInt(`0x${g}`));
  return words.reduce((acc, w) => (acc << 16n) | w, 0n);
}

/** Parses `a.b.c.d/n` or `x:y::z/n`; host bits are cleared, as Go's net.ParseCIDR does. */
function parseCidr(text: string, fn: string): Net {
  const [ip = '', len, extra] = text.split('/');
  const v4 = parseV4(ip);
  const addr = v4 ?? parseV6(ip);
  const bits = v4 !== undefined ? 32 : 128;
  const prefix = Number(len);
  if (addr === undefined || extra !== undefined || len === undefined || !/^\d+$/.test(len) || prefix > bits) {
    throw new EvalError(`${fn}(): invalid CIDR address "${text}"`);
  }
  const hostBits = BigInt(bits - prefix);
  return { addr: (addr >> hostBits) << hostBits, bits, prefix };
}

function formatV4(a: bigint): string {
  return [24n, 16n, 8n, 0n].map((s) => String((a >> s) & 0xffn)).join('.');
}

/** Go's canonical IPv6 text: lowercase, leading zeros dropped, the longest run (≥ 2) of zero groups as `::`. */
function formatV6(a: bigint): string {
  const words = Array.from({ length: 8 }, (_, i) => Number((a >> BigInt(112 - 16 * i)) & 0xffffn));
  let best = { at: -1, len: 1 };
  for (let i = 0; i < 8; ) {
    let j = i;
    while (j < 8 && words[j] === 0) j++;
    if (j - i > best.len) best = { at: i, len: j - i };
    i = j === i ? i + 1 : j;
  }
  const hex = words.map((w) => w.toString(16));
  if (best.at < 0) return hex.join(':');
  return `${hex.slice(0, best.at).join(':')}::${hex.slice(best.at + best.len).join(':')}`;
}

const formatAddr = (a: bigint, bits: number): string => (bits === 32 ? formatV4(a) : formatV6(a));

function integer(v: Value, what: string): bigint {
  const n = toNum(v, what);
  if (!Number.isInteger(n)) throw new EvalError(`${what} must be a whole number`);
  return BigInt(n);
}

function host(a: Value[]): Value {
  arity(a, 'cidrhost', 2);
  const net = parseCidr(toStr(arg(a, 0, 'cidrhost'), 'cidrhost() prefix'), 'cidrhost');
  const num = integer(arg(a, 1, 'cidrhost'), 'cidrhost() hostnum');
  const size = 1n << BigInt(net.bits - net.prefix);
  const offset = num < 0n ? size + num : num;
  if (offset < 0n || offset >= size) throw new EvalError(`cidrhost(): prefix of ${net.prefix} does not accommodate a host numbered ${num}`);
  return formatAddr(net.addr + offset, net.bits);
}

function netmask(a: Value[]): Value {
  arity(a, 'cidrnetmask', 1);
  const net = parseCidr(toStr(arg(a, 0, 'cidrnetmask'), 'cidrnetmask() prefix'), 'cidrnetmask');
  if (net.bits !== 32) throw new EvalError('cidrnetmask(): only IPv4 prefixes have a netmask');
  return formatV4(((1n << 32n) - 1n) ^ ((1n << BigInt(32 - net.prefix)) - 1n));
}

function subnetOf(net: Net, newbits: bigint, num: bigint, fn: string): Net {
  const prefix = net.prefix + Number(newbits);
  if (newbits < 0n || prefix > net.bits) throw new EvalError(`${fn}(): insufficient address space to extend prefix of ${net.prefix} by ${newbits}`);
  if (num < 0n || num >= 1n << newbits) throw new EvalError(`${fn}(): prefix extension of ${newbits} does not accommodate a subnet numbered ${num}`);
  return { addr: net.addr | (num << BigInt(net.bits - prefix)), bits: net.bits, prefix };
}

const netText = (n: Net): string => `${formatAddr(n.addr, n.bits)}/${n.prefix}`;

function subnet(a: Value[]): Value {
  arity(a, 'cidrsubnet', 3);
  const net = parseCidr(toStr(arg(a, 0, 'cidrsubnet'), 'cidrsubnet() prefix'), 'cidrsubnet');
  return netText(subnetOf(net, integer(arg(a, 1, 'cidrsubnet'), 'cidrsubnet() newbits'), integer(arg(a, 2, 'cidrsubnet'), 'cidrsubnet() netnum'), 'cidrsubnet'));
}

/** Consecutive subnets of the given sizes, each aligned to its own size, as Terraform allocates them. */
function subnets(a: Value[]): Value {
  arity(a, 'cidrsubnets', 1, Infinity);
  const net = parseCidr(toStr(arg(a, 0, 'cidrsubnets'), 'cidrsubnets() prefix'), 'cidrsubnets');
  const end = net.addr + (1n << BigInt(net.bits - net.prefix));
  let next = net.addr;
  return a.slice(1).map((v, i) => {
    const newbits = integer(v, `cidrsubnets() newbits ${i + 1}`);
    const prefix = net.prefix + Number(newbits);
    if (newbits < 1n || prefix > net.bits) throw new EvalError(`cidrsubnets(): would extend prefix to ${prefix} bits, which is not valid for this address`);
    const size = 1n << BigInt(net.bits - prefix);
    const start = ((next + size - 1n) / size) * size;
    if (start + size > end) throw new EvalError(`cidrsubnets(): not enough remaining address space for a subnet with a prefix of ${prefix} bits after ${netText({ addr: next, bits: net.bits, prefix })}`);
    next = start + size;
    return netText({ addr: start, bits: net.bits, prefix });
  });
}

/** Network functions by name. */
export const cidrFunctions: Record<string, HclFunction> = { cidrhost: host, cidrnetmask: netmask, cidrsubnet: subnet, cidrsubnets: subnets };

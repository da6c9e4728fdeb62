// Unit tests of the HCL2 functions added for Nomad parity; expected values are the ones Terraform's docs show.
import { constants, generateKeyPairSync, publicEncrypt } from 'node:crypto';
import { describe, expect, it } from '@jest/globals';
import bcryptjs from 'bcryptjs';
import type { Value } from '../expr/ast.js';
import { evaluate, type EvalContext } from '../expr/evaluate.js';
import { parseExpr } from '../expr/parser.js';
import { FUNCTIONS } from './index.js';

const FILES = ['a.txt', 'b.tpl', 'sub/c.txt', 'sub/deep/d.txt'];
const ctx = (): EvalContext => ({
  functions: FUNCTIONS, baseDir: 'jobs', budget: { steps: 100000 }, cwd: '/work', home: '/home/me',
  listFiles: (dir) => (dir === 'jobs/conf' ? FILES : undefined),
});
const ev = (src: string, b: Map<string, Value> = new Map()): Value => evaluate(parseExpr(src), b, ctx());

describe('network functions', () => {
  it.each<[string, Value]>([
    ['cidrhost("10.12.112.0/20", 16)', '10.12.112.16'],
    ['cidrhost("10.12.112.0/20", 268)', '10.12.113.12'],
    ['cidrhost("10.12.112.0/20", -1)', '10.12.127.255'],
    ['cidrhost("fd00:fd12:3456:7890:00a2::/72", 34)', 'fd00:fd12:3456:7890::22'],
    ['cidrnetmask("172.16.0.0/12")', '255.240.0.0'],
    ['cidrsubnet("172.16.0.0/12", 4, 2)', '172.18.0.0/16'],
    ['cidrsubnet("10.1.2.0/24", 4, 15)', '10.1.2.240/28'],
    ['cidrsubnet("10.1.2.3/24", 4, 1)', '10.1.2.16/28'], // host bits of the prefix are cleared first
    ['cidrsubnet("fd00:fd12:3456:7890::/56", 16, 162)', 'fd00:fd12:3456:7800:a200::/72'],
    ['cidrsubnets("10.1.0.0/16", 4, 4, 8, 4)', ['10.1.0.0/20', '10.1.16.0/20', '10.1.32.0/24', '10.1.48.0/20']],
    ['cidrsubnets("fd00:fd12:3456:7890::/56", 16, 16, 16, 32)', ['fd00:fd12:3456:7800::/72', 'fd00:fd12:3456:7800:100::/72', 'fd00:fd12:3456:7800:200::/72', 'fd00:fd12:3456:7800:300::/88']],
    ['cidrhost("::ffff:10.0.0.0/120", 5)', '::ffff:a00:5'],
  ])('%s = %j', (src, want) => {
    expect(ev(src)).toEqual(want);
  });

  it.each([
    ['cidrhost("10.0.0.0/30", 4)', 'does not accommodate a host numbered 4'],
    ['cidrsubnet("10.0.0.0/30", 3, 0)', 'insufficient address space'],
    ['cidrsubnets("10.0.0.0/24", 1, 1, 1)', 'not enough remaining address space'],
    ['cidrnetmask("fd00::/8")', 'only IPv4'],
    ['cidrhost("10.0.0.300/8", 1)', 'invalid CIDR address "10.0.0.300/8"'],
  ])('%s fails: %s', (src, msg) => {
    expect(() => ev(src)).toThrow(msg);
  });
});

describe('string, encoding and conversion functions', () => {
  it.each<[string, Value]>([
    ['strlen("héllo")', 5],
    ['strlen("e\\u0301")', 1], // e + combining acute accent: one grapheme
    ['regex_replace("hello world", "o(.)", "0$1")', 'hell0 w0rld'],
    ['jsonencode({b = 1, a = "<x&y>"})', '{"a":"\\u003cx\\u0026y\\u003e","b":1}'],
    ['jsonencode({"10" = 1, "2" = 2, "a" = [true, null]})', '{"10":1,"2":2,"a":[true,null]}'],
    ['csvdecode("a,b,c\\n1,2,3\\n4,\\"5,5\\",6\\n")', [{ a: '1', b: '2', c: '3' }, { a: '4', b: '5,5', c: '6' }]],
    ['convert({a = 1, b = true}, map(string))', { a: '1', b: 'true' }],
    ['convert(["1", "2"], list(number))', [1, 2]],
    ['uuidv5("dns", "www.terraform.io")', 'a5008fae-b28c-5ba5-96cd-82b4c53552d6'],
    ['uuidv5("url", "https://www.terraform.io/")', '9db6f67c-dd95-5ea0-aa5b-e70e5c5f7cf5'],
    ['uuidv5("6ba7b810-9dad-11d1-80b4-00c04fd430c8", "www.terraform.io")', 'a5008fae-b28c-5ba5-96cd-82b4c53552d6'],
  ])('%s = %j', (src, want) => {
    expect(ev(src)).toEqual(want);
  });

  it('csvdecode names the line whose field count differs from the header', () => {
    expect(() => ev('csvdecode("a,b\\n1\\n")')).toThrow('line 2 has 1 fields; the header has 2');
  });

  it('uuidv4 gives a fresh version-4 UUID on each call', () => {
    const [a, b] = [ev('uuidv4()'), ev('uuidv4()')];
    expect(a).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(a).not.toEqual(b);
  });

  it('bcrypt hashes with the $2a$ prefix and the given cost, verifiable by any bcrypt', () => {
    const h = ev('bcrypt("hunter2", 5)') as string;
    expect(h.startsWith('$2a$05$')).toBe(true);
    expect(bcryptjs.compareSync('hunter2', h)).toBe(true);
    expect(() => ev('bcrypt("x", 3)')).toThrow('outside the allowed range');
  });

  it('rsadecrypt decrypts PKCS #1 v1.5 ciphertext with a PEM private key', () => {
    const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 1024 });
    const cipher = publicEncrypt({ key: publicKey, padding: constants.RSA_PKCS1_PADDING }, Buffer.from('s3cret')).toString('base64');
    const pem = privateKey.export({ type: 'pkcs1', format: 'pem' }).toString();
    expect(ev('rsadecrypt(c, k)', new Map<string, Value>([['c', cipher], ['k', pem]]))).toBe('s3cret');
    expect(() => ev('rsadecrypt(c, "nope")', new Map<string, Value>([['c', cipher]]))).toThrow('failed to parse the private key');
  });
});

describe('time functions', () => {
  it.each<[string, Value]>([
    ['formatdate("DD MMM YYYY hh:mm ZZZ", "2018-01-02T23:12:01Z")', '02 Jan 2018 23:12 UTC'],
    ['formatdate("EEEE, DD-MMM-YY hh:mm:ss ZZZ", "2018-01-02T23:12:01Z")', 'Tuesday, 02-Jan-18 23:12:01 UTC'],
    ['formatdate("EEE, DD MMM YYYY hh:mm:ss ZZZ", "2018-01-02T23:12:01-08:00")', 'Tue, 02 Jan 2018 23:12:01 -0800'],
    ['formatdate("MMM DD, YYYY", "2018-01-02T23:12:01Z")', 'Jan 02, 2018'],
    ['formatdate("HH:mmaa", "2018-01-02T23:12:01Z")', '11:12pm'],
    ["formatdate(\"h'h'mm\", \"2018-01-02T23:12:01-08:00\")", '23h12'],
    ['timeadd("2017-11-22T00:00:00Z", "10m")', '2017-11-22T00:10:00Z'],
    ['timeadd("2017-11-22T00:00:00+05:30", "-1h30m")', '2017-11-21T22:30:00+05:30'],
  ])('%s = %j', (src, want) => {
    expect(ev(src)).toEqual(want);
  });

  it('rejects timestamps that are not RFC 3339 and unknown verbs', () => {
    expect(() => ev('timeadd("2017-02-30T00:00:00Z", "1s")')).toThrow('not a valid RFC 3339 timestamp');
    expect(() => ev('formatdate("YYYY-QQ", "2018-01-02T23:12:01Z")')).toThrow('invalid date format verb "QQ"');
  });
});

describe('path functions', () => {
  it.each<[string, Value]>([
    ['basename("foo/bar/baz.txt")', 'baz.txt'],
    ['basename("foo/bar/")', 'bar'],
    ['dirname("foo/bar/baz.txt")', 'foo/bar'],
    ['dirname("baz.txt")', '.'],
    ['abspath("conf/../x.hcl")', '/work/x.hcl'],
    ['abspath("/etc//hosts")', '/etc/hosts'],
    ['pathexpand("~/.ssh/id")', '/home/me/.ssh/id'],
    ['pathexpand("/abs")', '/abs'],
    ['fileset("conf", "*.txt")', ['a.txt']],
    ['fileset("conf", "**/*.txt")', ['a.txt', 'sub/c.txt', 'sub/deep/d.txt']],
    ['fileset("conf", "{a,b}.*")', ['a.txt', 'b.tpl']],
    ['fileset("conf", "sub/[cd].txt")', ['sub/c.txt']],
  ])('%s = %j', (src, want) => {
    expect(ev(src)).toEqual(want);
  });

  it('fails fileset() of a missing directory and when listing is off', () => {
    expect(() => ev('fileset("nope", "*")')).toThrow('no such directory');
    expect(() => evaluate(parseExpr('fileset(".", "*")'), new Map(), { functions: FUNCTIONS, baseDir: '', budget: { steps: 100 } })).toThrow('listing files is not enabled');
  });
});

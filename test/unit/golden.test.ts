// The golden-file helper fails on a missing or differing file and writes only under UPDATE_GOLDEN=1.
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expectGolden, MissingGoldenFileError, updatingGoldenFiles } from '../support/golden.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'kubenomad-golden-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('expectGolden', () => {
  it('fails on a missing golden file and does not create it', () => {
    const path = join(dir, 'missing.yaml');
    expect(() => expectGolden('a: 1\n', path, {})).toThrow(MissingGoldenFileError);
    expect(() => expectGolden('a: 1\n', path, {})).toThrow(/missing.*UPDATE_GOLDEN=1/);
    expect(existsSync(path)).toBe(false);
  });

  it('fails on a golden file that differs, and leaves it as it was', () => {
    const path = join(dir, 'stale.yaml');
    writeFileSync(path, 'a: 1\n');
    expect(() => expectGolden('a: 2\n', path, {})).toThrow();
    expect(readFileSync(path, 'utf8')).toBe('a: 1\n');
  });

  it('passes on a golden file with exactly the same bytes', () => {
    const path = join(dir, 'same.yaml');
    writeFileSync(path, 'a: 1\n');
    expect(() => expectGolden('a: 1\n', path, {})).not.toThrow();
  });

  it('writes (or rewrites) the file only with UPDATE_GOLDEN=1', () => {
    const created = join(dir, 'new.yaml');
    expectGolden('a: 1\n', created, { UPDATE_GOLDEN: '1' });
    expect(readFileSync(created, 'utf8')).toBe('a: 1\n');
    expectGolden('a: 2\n', created, { UPDATE_GOLDEN: '1' });
    expect(readFileSync(created, 'utf8')).toBe('a: 2\n');
  });

  it.each([[{}], [{ UPDATE_GOLDEN: '' }], [{ UPDATE_GOLDEN: 'true' }], [{ UPDATE_GOLDEN: '0' }], [{ UPDATE_CRDS: '1' }]])(
    'treats %j as "do not rewrite"', (env) => {
      expect(updatingGoldenFiles(env)).toBe(false);
    },
  );
});

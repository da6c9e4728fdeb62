/**
 * Golden files: checked-in expected output that a test compares byte for byte. A missing or differing
 * golden file fails the test; only an explicit `UPDATE_GOLDEN=1` rewrites them (review the diff after).
 */
import { expect } from '@jest/globals';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';

/** The one flag that lets a test run rewrite golden files. */
export const UPDATE_GOLDEN_FLAG = 'UPDATE_GOLDEN';

/** Whether this run was asked to rewrite golden files (`UPDATE_GOLDEN=1`), read at call time. */
export function updatingGoldenFiles(env: NodeJS.ProcessEnv = process.env): boolean {
  return env[UPDATE_GOLDEN_FLAG] === '1';
}

/** Raised when a golden file does not exist and the run was not asked to create it. */
export class MissingGoldenFileError extends Error {
  constructor(readonly path: string) {
    super(`Golden file ${path} is missing: run the test with ${UPDATE_GOLDEN_FLAG}=1 to write it, then review it`);
    this.name = 'MissingGoldenFileError';
  }
}

/** Expects `actual` to equal the golden file at `path`; writes the file first only under `UPDATE_GOLDEN=1`. */
export function expectGolden(actual: string, path: string, env: NodeJS.ProcessEnv = process.env): void {
  if (updatingGoldenFiles(env)) writeFileSync(path, actual);
  if (!existsSync(path)) throw new MissingGoldenFileError(path);
  expect(actual).toBe(readFileSync(path, 'utf8'));
}

/** Reading and writing the generated CRD files of deploy/crds. */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Writes each file (name → text) into `dir`, creating it; returns the paths written. */
export function writeCrdFiles(dir: string, files: Record<string, string>): string[] {
  mkdirSync(dir, { recursive: true });
  return Object.entries(files).map(([name, text]) => {
    const path = join(dir, name);
    writeFileSync(path, text);
    return path;
  });
}

/** Names of the files in `dir` that are missing or differ from `files`. */
export function staleCrdFiles(dir: string, files: Record<string, string>): string[] {
  return Object.entries(files)
    .filter(([name, text]) => {
      const path = join(dir, name);
      return !existsSync(path) || readFileSync(path, 'utf8') !== text;
    })
    .map(([name]) => name);
}

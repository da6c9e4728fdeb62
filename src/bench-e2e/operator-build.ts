/**
 * A private copy of the operator build for one bench: dist/ is shared with everyone who runs `npm run build`,
 * and a rebuild between two runs would compare two operators. The copy resolves node_modules through a symlink.
 */
import { cpSync, mkdirSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** dist/ of this build and the package root above it. */
const DIST = fileURLToPath(new URL('..', import.meta.url));
const ROOT = join(DIST, '..');

/** Copies dist/ and package.json under `dir` and returns the path of the copied CLI entry (cli/main.js). */
export function snapshotOperatorBuild(dir: string): string {
  const target = join(dir, 'operator-build');
  mkdirSync(target, { recursive: true });
  cpSync(DIST, join(target, 'dist'), { recursive: true });
  cpSync(join(ROOT, 'package.json'), join(target, 'package.json'));
  symlinkSync(join(ROOT, 'node_modules'), join(target, 'node_modules'), 'dir');
  return join(target, 'dist', 'cli', 'main.js');
}

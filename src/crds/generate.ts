/**
 * Writes the CRD YAML files: `node dist/crds/generate.js [outDir]` (default: the repository's deploy/crds).
 * Run through `npm run gen:crds`, which builds first.
 */
import { fileURLToPath } from 'node:url';
import { renderCrds } from './index.js';
import { writeCrdFiles } from './schema/files.js';

/** deploy/crds of the repository, from dist/crds/generate.js or src/crds/generate.ts. */
export const DEFAULT_OUT_DIR = fileURLToPath(new URL('../../deploy/crds', import.meta.url));

const outDir = process.argv[2] ?? DEFAULT_OUT_DIR;
for (const path of writeCrdFiles(outDir, renderCrds())) process.stdout.write(`wrote ${path}\n`);

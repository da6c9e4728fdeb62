#!/usr/bin/env node
// The kubenomad CLI; the TypeScript sources compile to dist/ (`npm run build`).
import { setFlagsFromString } from 'node:v8';

// Short-lived commands: compile the HCL parser's WebAssembly with the baseline compiler only. Optimising it in
// the background costs ~250 ms of CPU and delays exit; long-running ones (operator, dev) keep the default.
if (!process.argv.slice(2).some((a) => a === 'operator' || a === 'dev')) setFlagsFromString('--liftoff-only');

import('../dist/cli/main.js').catch((err) => {
  if (err && err.code === 'ERR_MODULE_NOT_FOUND' && String(err.message).includes('dist/cli/main.js')) {
    console.error('kubenomad is not built yet: run `npm run build` first (or `npm run dev`).');
    process.exit(1);
  }
  throw err;
});

#!/usr/bin/env node
// The kubenomad CLI; the TypeScript sources compile to dist/ (`npm run build`).
import('../dist/cli/main.js').catch((err) => {
  if (err && err.code === 'ERR_MODULE_NOT_FOUND' && String(err.message).includes('dist/cli/main.js')) {
    console.error('kubenomad is not built yet: run `npm run build` first (or `npm run dev`).');
    process.exit(1);
  }
  throw err;
});

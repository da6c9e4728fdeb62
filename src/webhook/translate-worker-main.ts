/** Worker thread entry: translates HCL jobspecs off the operator's event loop (see translate-worker.ts). */
import { parentPort } from 'node:worker_threads';
import { translateJobspec, type TranslateOptions } from '../hcl-translate/index.js';

/** One request from the main thread. */
export interface TranslateRequest {
  id: number;
  source: string;
  options: TranslateOptions;
}

parentPort?.on('message', (req: TranslateRequest) => {
  translateJobspec(req.source, req.options).then(
    (result) => parentPort?.postMessage({ id: req.id, result }),
    (err: unknown) => parentPort?.postMessage({ id: req.id, error: err instanceof Error ? err.message : String(err) }),
  );
});

/**
 * HCL translation in a worker thread, so a large or pathological `spec.hcl` never holds the operator's event loop
 * (health checks, other admissions and reconciles keep being served while it is translated). Requests are queued to
 * one long-lived worker; a translation running longer than `timeoutMs` terminates the worker (a new one starts for
 * the next request) and is answered with an error diagnostic, so the admission is denied with a reason.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { TranslateOptions, TranslateResult } from '../hcl-translate/index.js';
import type { Translate } from './mutate-nomadjob.js';
import type { TranslateRequest } from './translate-worker-main.js';

/** How long one translation may take before the worker is stopped (the apiserver waits at most 30 s for a webhook). */
export const DEFAULT_TRANSLATE_TIMEOUT_MS = 8_000;

interface Pending {
  resolve(result: TranslateResult): void;
  filename: string;
  timer: NodeJS.Timeout;
}

type Reply = { id: number; result: TranslateResult } | { id: number; error: string };

/** The compiled worker script (under jest the sources are .ts; the built dist/ copy is used then). */
function workerScript(): URL {
  const here = new URL('./translate-worker-main.js', import.meta.url);
  if (existsSync(fileURLToPath(here))) return here;
  return new URL(fileURLToPath(here).replace(/\/src\/webhook\//, '/dist/webhook/'), 'file://');
}

function failure(filename: string, message: string): TranslateResult {
  return { ok: false, diagnostics: [{ severity: 'error', file: filename, line: 1, column: 1, message }] };
}

/** A translator running in a worker thread, with `close()` to stop the worker. */
export interface WorkerTranslator {
  translate: Translate;
  close(): Promise<void>;
}

/** Starts (lazily) one translation worker. */
export function workerTranslator(timeoutMs = DEFAULT_TRANSLATE_TIMEOUT_MS): WorkerTranslator {
  let worker: Worker | undefined;
  let nextId = 1;
  const pending = new Map<number, Pending>();

  const failAll = (message: string): void => {
    for (const [id, p] of pending) {
      clearTimeout(p.timer);
      p.resolve(failure(p.filename, message));
      pending.delete(id);
    }
  };
  const start = (): Worker => {
    const w = new Worker(workerScript());
    w.unref();
    w.on('message', (reply: Reply) => {
      const p = pending.get(reply.id);
      if (!p) return;
      pending.delete(reply.id);
      clearTimeout(p.timer);
      p.resolve('error' in reply ? failure(p.filename, `HCL translation failed: ${reply.error}`) : reply.result);
    });
    w.on('error', (err) => failAll(`HCL translation failed: ${err.message}`));
    w.on('exit', () => {
      if (worker === w) worker = undefined;
      failAll('HCL translation stopped');
    });
    return w;
  };

  const translate = (source: string, options: TranslateOptions): Promise<TranslateResult> =>
    new Promise((resolve) => {
      worker ??= start();
      const id = nextId++;
      const filename = options.filename ?? 'spec.hcl';
      const timer = setTimeout(() => {
        pending.delete(id);
        resolve(failure(filename, `HCL translation took longer than ${timeoutMs / 1000} s and was stopped; simplify the jobspec`));
        const w = worker;
        worker = undefined;
        void w?.terminate();
      }, timeoutMs);
      timer.unref();
      pending.set(id, { resolve, filename, timer });
      worker.postMessage({ id, source, options } satisfies TranslateRequest);
    });

  return {
    translate,
    async close() {
      const w = worker;
      worker = undefined;
      await w?.terminate();
    },
  };
}

/**
 * A de-duplicating, rate-limited work queue with client-go's semantics: a key is queued at most once
 * (the dirty set), processed by at most one worker at a time (the processing set; a key added while
 * processing runs again afterwards), failures retry with backoff, and handlers may ask to run again later.
 */
import { defaultRateLimiter, type RateLimiter } from './rate-limiter.js';

/** What a reconcile handler returns. */
export interface ReconcileResult {
  /** Run this key again after this many ms (level-based re-check, e.g. a reschedule delay). */
  requeueAfterMs?: number;
}

/** A reconcile handler; a thrown error retries the key with backoff. */
export type Reconciler = (key: string) => Promise<ReconcileResult | void>;

/** Options of a work queue. */
export interface WorkQueueOptions {
  name: string;
  concurrency?: number;
  rateLimiter?: RateLimiter;
  onError?: (key: string, err: unknown, retryInMs: number) => void;
  onDepthChange?: (depth: number) => void;
}

/** The work queue. */
export class WorkQueue {
  private readonly queue: string[] = [];
  private readonly dirty = new Set<string>();
  private readonly processing = new Set<string>();
  private readonly timers = new Map<string, { timer: NodeJS.Timeout; dueMs: number }>();
  private readonly limiter: RateLimiter;
  private waiting: Array<() => void> = [];
  private stopped = false;
  private workers: Array<Promise<void>> = [];

  constructor(private readonly reconcile: Reconciler, private readonly options: WorkQueueOptions) {
    this.limiter = options.rateLimiter ?? defaultRateLimiter();
  }

  /** Queues a key now (no-op when it is already queued). */
  add(key: string): void {
    if (this.stopped || this.dirty.has(key)) return;
    this.dirty.add(key);
    if (this.processing.has(key)) return; // re-queued when the current run ends
    this.queue.push(key);
    this.options.onDepthChange?.(this.queue.length);
    this.waiting.shift()?.();
  }

  /** Queues a key after a delay; of two pending delays for the same key, the sooner wins. */
  addAfter(key: string, delayMs: number): void {
    if (this.stopped) return;
    if (delayMs <= 0) return this.add(key);
    const dueMs = Date.now() + delayMs;
    const existing = this.timers.get(key);
    if (existing && existing.dueMs <= dueMs) return;
    if (existing) clearTimeout(existing.timer);
    const timer = setTimeout(() => {
      this.timers.delete(key);
      this.add(key);
    }, delayMs);
    timer.unref();
    this.timers.set(key, { timer, dueMs });
  }

  /** Number of keys waiting. */
  depth(): number {
    return this.queue.length;
  }

  /** Starts the workers. */
  start(): void {
    const n = this.options.concurrency ?? 4;
    for (let i = 0; i < n; i++) this.workers.push(this.work());
  }

  /** Stops taking keys and waits for in-flight reconciles to finish. */
  async stop(): Promise<void> {
    this.stopped = true;
    for (const t of this.timers.values()) clearTimeout(t.timer);
    this.timers.clear();
    for (const w of this.waiting) w();
    this.waiting = [];
    await Promise.all(this.workers);
  }

  private async next(): Promise<string | undefined> {
    while (!this.stopped && this.queue.length === 0) await new Promise<void>((r) => this.waiting.push(r));
    if (this.stopped) return undefined;
    const key = this.queue.shift()!;
    this.options.onDepthChange?.(this.queue.length);
    this.dirty.delete(key);
    this.processing.add(key);
    return key;
  }

  private async work(): Promise<void> {
    for (let key = await this.next(); key !== undefined; key = await this.next()) {
      try {
        const result = await this.reconcile(key);
        this.limiter.forget(key);
        if (result?.requeueAfterMs !== undefined) this.addAfter(key, result.requeueAfterMs);
      } catch (err) {
        const delay = this.limiter.when(key, Date.now());
        this.options.onError?.(key, err, delay);
        this.addAfter(key, delay);
      } finally {
        this.processing.delete(key);
        if (this.dirty.has(key)) {
          this.queue.push(key);
          this.waiting.shift()?.();
        }
      }
    }
  }
}

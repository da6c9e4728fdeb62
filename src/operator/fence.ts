/**
 * Fencing: a replica may write only while it surely holds the leader lease. The fence opens when the lease is
 * acquired and stays open until `renewDeadline` after the start of the last successful renew, measured on the
 * monotonic clock, so a leader paused (SIGSTOP, a long GC, a stalled VM) past its deadline finds the fence closed
 * the moment it resumes — before its renew loop has even noticed — and every write path refuses.
 */
import type { KubeApi } from '../k8s/api.js';

/** The error a write gets when this replica is not (surely) the leader. */
export class FencedError extends Error {
  constructor(operation: string) {
    super(`Refused ${operation}: this replica does not hold the leader lease`);
    this.name = 'FencedError';
  }
}

/** Whether writes are allowed now. */
export class Fence {
  private validUntil = -Infinity;
  private revoked = false;

  constructor(private readonly monotonicMs: () => number = () => performance.now()) {}

  /** A fence that is always open (no leader election: the only replica writes). */
  static open(): Fence {
    const f = new Fence();
    f.validUntil = Infinity;
    return f;
  }

  /** A renew that started at `startedAtMs` (monotonic) succeeded: writes are allowed until then + `deadlineMs`. */
  renewed(startedAtMs: number, deadlineMs: number): void {
    if (!this.revoked) this.validUntil = Math.max(this.validUntil, startedAtMs + deadlineMs);
  }

  /** Leadership ended: no write is allowed any more. */
  revoke(): void {
    this.revoked = true;
    this.validUntil = -Infinity;
  }

  /** Whether a write may go out now. */
  allows(): boolean {
    return !this.revoked && this.monotonicMs() < this.validUntil;
  }

  /** Throws FencedError unless a write may go out now. */
  check(operation: string): void {
    if (!this.allows()) throw new FencedError(operation);
  }
}

const WRITES = ['createPod', 'bindPod', 'deletePod', 'evictPod', 'patchPod', 'applyService', 'deleteService', 'patchStatus', 'patchMetadata', 'replaceSpec', 'createCustom', 'deleteCustom', 'event'] as const;

/** The API with every write checked against the fence right before it goes out (reads pass through). */
export function fencedApi(api: KubeApi, fence: Fence): KubeApi {
  const out: KubeApi = { ...api };
  for (const name of WRITES) {
    const write = api[name] as (...args: unknown[]) => Promise<unknown>;
    (out as unknown as Record<string, unknown>)[name] = async (...args: unknown[]): Promise<unknown> => {
      fence.check(name);
      return write.apply(api, args);
    };
  }
  return out;
}

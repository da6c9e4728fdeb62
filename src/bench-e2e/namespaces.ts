/** A fresh namespace per system run, and its pods and then the namespace deleted and gone before the next run starts. */
import type { BenchApi } from './api.js';
import { forEachLimit } from './api.js';
import { IN_FLIGHT } from './workloads.js';

interface NameList {
  metadata: { continue?: string; remainingItemCount?: number };
  items: Array<{ metadata: { name: string } }>;
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Polls `check` every `intervalMs` until it returns true; throws with `what` after `timeoutMs`. */
export async function until(what: string, check: () => Promise<boolean>, timeoutMs: number, intervalMs = 500): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs / 1000} s waiting for ${what}`);
    await sleep(intervalMs);
  }
}

/** Creates a namespace and waits for its default ServiceAccount (pods are rejected without it). */
export async function createNamespace(api: BenchApi, ns: string): Promise<void> {
  await api.json('POST', '/api/v1/namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } });
  await until(`the default ServiceAccount of ${ns}`, async () => (await api.request('GET', `/api/v1/namespaces/${ns}/serviceaccounts/default`)).status === 200, 60_000, 200);
}

/** Names of the pods of a namespace, a page at a time. */
async function podNames(api: BenchApi, ns: string): Promise<string[]> {
  const names: string[] = [];
  let token: string | undefined = '';
  while (token !== undefined) {
    const page: NameList = await api.json<NameList>('GET', `/api/v1/namespaces/${ns}/pods?limit=2000${token ? `&continue=${encodeURIComponent(token)}` : ''}`);
    names.push(...page.items.map((p) => p.metadata.name));
    token = page.metadata.continue || undefined;
  }
  return names;
}

/** How many pods a namespace still has (one small request, not a list of them all). */
export async function podCount(api: BenchApi, ns: string): Promise<number> {
  const page = await api.json<NameList>('GET', `/api/v1/namespaces/${ns}/pods?limit=1`);
  return page.items.length + (page.metadata.remainingItemCount ?? 0);
}

/** Deletes every pod of a namespace at once (grace period 0) and waits until they are gone. */
export async function deletePods(api: BenchApi, ns: string, timeoutMs: number): Promise<void> {
  const names = await podNames(api, ns);
  await forEachLimit(names.length, IN_FLIGHT, async (i) => {
    const res = await api.write('DELETE', `/api/v1/namespaces/${ns}/pods/${names[i]}`, { gracePeriodSeconds: 0 });
    if (res.status >= 300 && res.status !== 404) throw new Error(`Cannot delete pod ${names[i]}: ${res.status} ${res.body.slice(0, 200)}`);
  });
  await until(`the pods of ${ns} to be gone`, async () => (await podCount(api, ns)) === 0, timeoutMs);
}

/**
 * Deletes a namespace's pods, waits until they are gone, then deletes the namespace and waits until it is gone too:
 * a NomadJob left in a terminating namespace would be reconciled by the next run's operator (its creates refused).
 */
export async function emptyAndDeleteNamespace(api: BenchApi, ns: string, timeoutMs: number): Promise<void> {
  await deletePods(api, ns, timeoutMs);
  await api.write('DELETE', `/api/v1/namespaces/${ns}`);
  await until(`namespace ${ns} to be gone`, async () => (await api.request('GET', `/api/v1/namespaces/${ns}`)).status === 404, timeoutMs);
}

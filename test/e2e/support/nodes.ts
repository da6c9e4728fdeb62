/** Fake nodes for one e2e scenario: create them and wait until kwok reports them Ready, or NotReady. */
import { CoreV1Api, type KubeConfig, type V1Node } from '@kubernetes/client-node';
import { createFakeNodes, setFakeNodeNotReady } from '../../../src/local-cluster/bootstrap.js';
import type { FakeNodeSpec } from '../../../src/local-cluster/fake-nodes.js';
import { waitFor } from '../../../src/local-cluster/readiness.js';

/** The status of a node's Ready condition ('True', 'False', 'Unknown'), or undefined before kwok reports one. */
export function readyStatus(node: V1Node): string | undefined {
  return node.status?.conditions?.find((c) => c.type === 'Ready')?.status;
}

async function waitReady(kc: KubeConfig, names: string[], want: (status: string | undefined) => boolean, what: string, timeoutMs: number): Promise<void> {
  const core = kc.makeApiClient(CoreV1Api);
  const wanted = new Set(names);
  await waitFor(what, async () => {
    const nodes = (await core.listNode({})).items.filter((n) => wanted.has(n.metadata?.name ?? ''));
    const done = nodes.filter((n) => want(readyStatus(n))).length;
    return (nodes.length === names.length && done === names.length) || `${done} of ${names.length} (${nodes.length} exist)`;
  }, timeoutMs, 250);
}

/** Registers fake nodes and waits until every one of them is Ready. */
export async function createReadyNodes(kc: KubeConfig, specs: FakeNodeSpec[], timeoutMs = 120_000): Promise<string[]> {
  await createFakeNodes(kc, specs);
  const names = specs.map((s) => s.name);
  await waitReady(kc, names, (s) => s === 'True', `${names.length} fake nodes Ready`, timeoutMs);
  return names;
}

/** Makes a fake node NotReady through kwok and waits until its Ready condition is no longer True. */
export async function makeNodeNotReady(kc: KubeConfig, name: string, timeoutMs = 60_000): Promise<void> {
  await setFakeNodeNotReady(kc, name, true);
  await waitReady(kc, [name], (s) => s !== undefined && s !== 'True', `node ${name} NotReady`, timeoutMs);
}

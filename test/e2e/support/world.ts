/**
 * One e2e file's world: its namespace, ready fake nodes, a recorder of its pods' changes and the controllers running
 * in-process for that namespace — set up in beforeAll, torn down (what was started) in afterAll.
 */
import type { KubeConfig, V1Pod } from '@kubernetes/client-node';
import { deleteFakeNodes } from '../../../src/local-cluster/bootstrap.js';
import type { FakeNodeSpec } from '../../../src/local-cluster/fake-nodes.js';
import { createNamespace, deleteNamespace, kubeConfig } from './cluster.js';
import { createReadyNodes } from './nodes.js';
import { startTestController, type TestController } from './operator.js';
import { recordChanges, type Recorder } from './watch.js';

/** What a test file works with. */
export interface TestWorld {
  kc: KubeConfig;
  ns: string;
  nodes: string[];
  recorder: Recorder<V1Pod>;
  controller: TestController;
  stop(): Promise<void>;
}

/** Creates the namespace and nodes, starts recording pod changes and the controllers; stops what started on failure. */
export async function startTestWorld(namespace: string, nodeSpecs: FakeNodeSpec[]): Promise<TestWorld> {
  const kc = kubeConfig();
  let nodes: string[] = [];
  let recorder: Recorder<V1Pod> | undefined;
  let controller: TestController | undefined;
  const stop = async (): Promise<void> => {
    recorder?.stop();
    await controller?.stop();
    await deleteNamespace(kc, namespace);
    await deleteFakeNodes(kc, nodes);
  };
  try {
    const ns = await createNamespace(kc, namespace);
    nodes = await createReadyNodes(kc, nodeSpecs);
    recorder = await recordChanges<V1Pod>(kc, { path: `/api/v1/namespaces/${ns}/pods` });
    controller = await startTestController(ns);
    return { kc, ns, nodes, recorder, controller, stop };
  } catch (err) {
    await stop().catch(() => undefined);
    throw err;
  }
}

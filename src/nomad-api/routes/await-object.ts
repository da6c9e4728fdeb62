/** Waiting for the operator to answer a request (a Dispatch launched, a periodic force handled), with watches, not polling. */
import { paths, withQuery, type Cluster } from '../cluster.js';
import { errors } from '../errors.js';

/** The object waited for. */
export interface AwaitedObject {
  plural: 'nomadjobs' | 'dispatches';
  namespace: string;
  name: string;
}

/** Reads the object until `done` holds, watching it between reads; Nomad-style 504 when the operator does not answer in time. */
export async function awaitObject<T extends { metadata?: { resourceVersion?: string } }>(
  cluster: Cluster, { plural, namespace, name }: AwaitedObject, done: (obj: T) => boolean, timeoutMs: number,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  const path = withQuery(paths.custom(plural, namespace), { fieldSelector: `metadata.name=${name}` });
  for (;;) {
    const obj = await cluster.get<T>(paths.custom(plural, namespace, name), plural === 'dispatches' ? 'dispatch' : 'job');
    if (done(obj)) return obj;
    const left = deadline - Date.now();
    if (left <= 0) throw errors.timeout(`No answer from the kubenomad operator within ${Math.round(timeoutMs / 1000)}s for ${plural} ${namespace}/${name} (is the operator running?)`);
    await cluster.watch(path, obj.metadata?.resourceVersion ?? '0', left);
  }
}

/**
 * `kubenomad job dispatch [-meta K=V ...] [-id-prefix-template T] [-idempotency-token T] [-n ns] <job> [payload-file]`:
 * creates a Dispatch, waits for the operator to launch (or refuse) it, and prints what Nomad prints.
 * Flags are parsed here, Nomad style (single dash), since the generic flag normalisation does not know them.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { KubeConfig } from '@kubernetes/client-node';
import type { Dispatch } from '../crds/dispatch-types.js';
import { kubeApi, type KubeApi } from '../k8s/api.js';
import { cliErrorMessage } from './errors.js';

/** Parsed arguments of `job dispatch`. */
export interface DispatchArgs {
  job: string;
  payloadFile?: string;
  meta: Record<string, string>;
  idPrefixTemplate?: string;
  idempotencyToken?: string;
  namespace: string;
}

const VALUE_FLAGS: Record<string, 'meta' | 'idPrefixTemplate' | 'idempotencyToken' | 'namespace'> = {
  meta: 'meta', 'id-prefix-template': 'idPrefixTemplate', 'idempotency-token': 'idempotencyToken', n: 'namespace', namespace: 'namespace',
};

/** Parses Nomad-style arguments (`-meta K=V`, `--meta=K=V`, ...); throws with a message on misuse. */
export function parseDispatchArgs(argv: readonly string[]): DispatchArgs {
  const out: DispatchArgs = { job: '', meta: {}, namespace: 'default' };
  const positional: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const m = /^--?([a-z-]+)(?:=(.*))?$/.exec(arg);
    if (!m || arg === '-') {
      positional.push(arg);
      continue;
    }
    const field = VALUE_FLAGS[m[1]!];
    if (!field) throw new Error(`Unknown flag "${arg}"`);
    const value = m[2] ?? argv[++i];
    if (value === undefined) throw new Error(`Flag "${arg}" needs a value`);
    if (field === 'meta') addMeta(out.meta, value);
    else out[field] = value;
  }
  if (positional.length < 1 || positional.length > 2) throw new Error('This command takes one or two arguments: <parameterized job> [<input source>]');
  out.job = positional[0]!;
  if (positional[1] !== undefined) out.payloadFile = positional[1];
  return out;
}

function addMeta(meta: Record<string, string>, pair: string): void {
  const i = pair.indexOf('=');
  if (i <= 0) throw new Error(`Invalid -meta "${pair}": expected KEY=VALUE`);
  meta[pair.slice(0, i)] = pair.slice(i + 1);
}

/** The Dispatch object the command creates. */
export function dispatchObject(args: DispatchArgs, name: string, payload?: Buffer): Dispatch {
  const spec: Dispatch['spec'] = { job: args.job };
  if (Object.keys(args.meta).length > 0) spec.meta = args.meta;
  if (payload && payload.length > 0) spec.payload = payload.toString('base64');
  if (args.idPrefixTemplate) spec.idPrefixTemplate = args.idPrefixTemplate;
  if (args.idempotencyToken) spec.idempotencyToken = args.idempotencyToken;
  return { apiVersion: 'kubenomad.io/v1alpha1', kind: 'Dispatch', metadata: { name, namespace: args.namespace }, spec };
}

/** Waits for the operator's answer: a linked child or a refusal. */
async function awaitOutcome(api: KubeApi, namespace: string, name: string, timeoutMs: number): Promise<Dispatch | undefined> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const d = await api.getCustom<Dispatch>('dispatches', namespace, name);
    if (d?.status?.childJob || d?.status?.phase === 'failed') return d;
    await new Promise((r) => setTimeout(r, 250));
  }
  return undefined;
}

/** Creates the Dispatch; returns the apiserver's or the webhook's refusal in one line, or undefined. */
async function createDispatch(api: KubeApi, dispatch: Dispatch): Promise<string | undefined> {
  try {
    await api.createCustom('dispatches', dispatch.metadata.namespace ?? 'default', dispatch);
    return undefined;
  } catch (err) {
    return cliErrorMessage(err);
  }
}

/** Runs the command; returns the exit code. */
export async function runDispatch(args: DispatchArgs, kc: KubeConfig, out: (line: string) => void, timeoutMs = 30_000): Promise<number> {
  const api = kubeApi(kc, 'kubenomad.io/cli');
  const payload = args.payloadFile === undefined ? undefined : readFileSync(args.payloadFile === '-' ? 0 : args.payloadFile);
  const name = `${args.job.slice(0, 240)}-${randomBytes(3).toString('hex')}`.toLowerCase();
  const refused = await createDispatch(api, dispatchObject(args, name, payload));
  if (refused) {
    out(`Failed to dispatch job: ${refused}`);
    return 1;
  }
  const d = await awaitOutcome(api, args.namespace, name, timeoutMs);
  if (!d) {
    out(`Dispatch ${args.namespace}/${name} created, but no operator answered within ${Math.round(timeoutMs / 1000)}s (is the kubenomad operator running?)`);
    return 1;
  }
  if (d.status?.phase === 'failed' && !d.status.childJob) {
    out(`Failed to dispatch job: ${d.status.conditions?.[0]?.message ?? 'refused'}`);
    return 1;
  }
  out(`Dispatched Job ID = ${d.status?.dispatchedJobId ?? d.status?.childJob}`);
  // kubenomad has no evaluations: the honest equivalent is the Dispatch object that requested the launch.
  out(`Evaluation ID     = <none> (Dispatch ${args.namespace}/${name}; see \`kubenomad status -n ${args.namespace} ${d.status?.childJob}\`)`);
  return 0;
}

/**
 * `kubenomad node status|eligibility|drain`: Nomad's node commands on Kubernetes nodes. Eligibility is the node's
 * cordon (`spec.unschedulable`); a drain is the `kubenomad.io/drain` annotation (deadline, ignore-system) plus the
 * cordon, which the operator's planner acts on (src/controllers/nomadjob/drain.ts). Formatting and patches are pure.
 */
import { CoreV1Api, PatchStrategy, setHeaderOptions, type V1Node, type V1Pod } from '@kubernetes/client-node';
import { DRAIN_ANNOTATION, parseDrain } from '../controllers/cluster/node-drain.js';
import { parseDuration } from '../controllers/nomadjob/duration.js';
import { ALLOC_ID_LABEL, GROUP_LABEL, JOB_LABEL } from '../controllers/nomadjob/labels.js';
import { allocStatus, observePod } from '../controllers/nomadjob/observed.js';
import type { loadKubeConfig } from '../k8s/kubeconfig.js';
import { processIo, type Io } from './convert.js';
import { columnize, formatKV, nodeStates } from './status.js';

/** Options of `node drain`. */
export interface DrainOptions { enable?: boolean; disable?: boolean; deadline?: string; noDeadline?: boolean; ignoreSystem?: boolean; force?: boolean; keepIneligible?: boolean }

/** Nomad's default drain deadline. */
export const DEFAULT_DRAIN_DEADLINE = '1h';

/** The node patch of a drain command at `now`, or an error message. */
export function drainPatch(opts: DrainOptions, now: Date): object | string {
  if (opts.enable && opts.disable) return 'Only one of -enable and -disable may be given';
  if (opts.disable) return { metadata: { annotations: { [DRAIN_ANNOTATION]: null } }, spec: { unschedulable: opts.keepIneligible ? true : null } };
  const text = opts.deadline ?? DEFAULT_DRAIN_DEADLINE;
  const ms = opts.force ? 0 : parseDuration(text);
  if (ms === undefined) return `Invalid -deadline "${text}": expected a duration such as 30m or 1h`;
  const drain = { ...(opts.noDeadline && !opts.force ? {} : { deadline: new Date(now.getTime() + ms).toISOString() }), ignoreSystem: opts.ignoreSystem === true, startedAt: now.toISOString() };
  return { metadata: { annotations: { [DRAIN_ANNOTATION]: JSON.stringify(drain) } }, spec: { unschedulable: true } };
}

const nodeName = (n: V1Node): string => n.metadata?.name ?? '';
const ready = (n: V1Node): boolean => n.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') ?? false;

/** A node's drain column: false, or true with its deadline. */
function drainText(n: V1Node): string {
  const drain = parseDrain(n.metadata?.annotations?.[DRAIN_ANNOTATION]);
  if (!drain) return 'false';
  const deadline = drain.deadlineMs !== undefined ? new Date(drain.deadlineMs).toISOString() : 'none';
  return `true (deadline ${deadline}${drain.ignoreSystem ? ', ignoring system jobs' : ''})`;
}

const eligibility = (n: V1Node): string => (n.spec?.unschedulable ? 'ineligible' : 'eligible');

/** `node status` without a node: Nomad's node list. */
export function formatNodeList(nodes: V1Node[]): string {
  if (nodes.length === 0) return 'No nodes registered';
  const rows = nodes.map((n) => [n.metadata?.uid?.slice(0, 8) ?? '', n.metadata?.labels?.['topology.kubernetes.io/zone'] ?? n.metadata?.labels?.['kubenomad.io/datacenter'] ?? '', nodeName(n), drainText(n).startsWith('true') ? 'true' : 'false', eligibility(n), ready(n) ? 'ready' : 'down']);
  return columnize([['ID', 'DC', 'Name', 'Drain', 'Eligibility', 'Status'], ...rows]);
}

/** `node status <node>`: the node and the allocations on it; migrations left while it drains. */
export function formatNodeStatus(node: V1Node, pods: V1Pod[], all: V1Node[]): string {
  const states = nodeStates(all);
  const allocs = pods.filter((p) => p.spec?.nodeName === nodeName(node) && p.metadata?.labels?.[ALLOC_ID_LABEL] && !p.metadata.deletionTimestamp);
  const active = allocs.filter((p) => ['running', 'starting'].includes(allocStatus(observePod(p), states)));
  const pairs: Array<[string, string]> = [
    ['ID', node.metadata?.uid ?? ''], ['Name', nodeName(node)], ['Status', ready(node) ? 'ready' : 'down'],
    ['Drain', drainText(node)], ['Eligibility', eligibility(node)], ['Allocations', `${active.length} running or starting`],
  ];
  const rows = allocs.map((p) => [(p.metadata?.labels?.[ALLOC_ID_LABEL] ?? '').slice(0, 8), p.metadata?.labels?.[JOB_LABEL] ?? '', p.metadata?.labels?.[GROUP_LABEL] ?? '', allocStatus(observePod(p), states)]);
  const table = rows.length === 0 ? 'No allocations placed' : columnize([['ID', 'Job ID', 'Task Group', 'Status'], ...rows]);
  return `${formatKV(pairs)}\n\nAllocations\n${table}\n`;
}

/** The cluster calls the node commands make (the user's own credentials). */
export interface NodeClient {
  listNodes(): Promise<V1Node[]>;
  listPods(): Promise<V1Pod[]>;
  patchNode(name: string, patch: object): Promise<void>;
}

/** A NodeClient over a kubeconfig. */
export function nodeClient(kc: ReturnType<typeof loadKubeConfig>): NodeClient {
  const core = kc.makeApiClient(CoreV1Api);
  return {
    listNodes: async () => (await core.listNode()).items,
    listPods: async () => (await core.listPodForAllNamespaces({ labelSelector: 'kubenomad.io/managed=true' })).items,
    async patchNode(name, patch) {
      await core.patchNode({ name, body: patch }, setHeaderOptions('Content-Type', PatchStrategy.MergePatch));
    },
  };
}

async function findNode(client: NodeClient, name: string, io: Io): Promise<{ node?: V1Node; all: V1Node[] }> {
  const all = await client.listNodes();
  const matches = all.filter((n) => nodeName(n) === name || (n.metadata?.uid ?? '').startsWith(name));
  if (matches.length !== 1) io.err(matches.length === 0 ? `No node(s) with prefix or id "${name}" found\n` : `Prefix "${name}" matched ${matches.length} nodes\n`);
  return { node: matches.length === 1 ? matches[0] : undefined, all };
}

/** `node status [node]`. */
export async function runNodeStatus(name: string | undefined, client: NodeClient, io: Io = processIo): Promise<number> {
  if (!name) {
    io.out(`${formatNodeList(await client.listNodes())}\n`);
    return 0;
  }
  const { node, all } = await findNode(client, name, io);
  if (!node) return 1;
  io.out(formatNodeStatus(node, await client.listPods(), all));
  return 0;
}

/** `node eligibility <node> -enable|-disable`. */
export async function runNodeEligibility(name: string, opts: { enable?: boolean; disable?: boolean }, client: NodeClient, io: Io = processIo): Promise<number> {
  if (opts.enable === opts.disable) {
    io.err('Exactly one of -enable and -disable must be given\n');
    return 1;
  }
  const { node } = await findNode(client, name, io);
  if (!node) return 1;
  await client.patchNode(nodeName(node), { spec: { unschedulable: opts.disable ? true : null } });
  io.out(`Node "${nodeName(node)}" scheduling eligibility set: ${opts.disable ? 'ineligible' : 'eligible'} for scheduling\n`);
  return 0;
}

/** `node drain <node> [-enable|-disable] [-deadline d] [-no-deadline] [-force] [-ignore-system] [-keep-ineligible]`. */
export async function runNodeDrain(name: string, opts: DrainOptions, client: NodeClient, io: Io = processIo, now = new Date()): Promise<number> {
  const patch = drainPatch(opts, now);
  if (typeof patch === 'string') {
    io.err(`${patch}\n`);
    return 1;
  }
  const { node } = await findNode(client, name, io);
  if (!node) return 1;
  await client.patchNode(nodeName(node), patch);
  io.out(opts.disable ? `Node "${nodeName(node)}" drain strategy unset\n` : `Node "${nodeName(node)}" drain strategy set\n`);
  return 0;
}

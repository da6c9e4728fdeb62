/**
 * The pod spec fields that decide which nodes a pod may run on (`nodeSelector`, required node affinity, tolerations),
 * translated to the placement engine's types so the engine, not the kubelet, turns a node down. Pure; called for
 * NomadJob allocation pods and for third-party pods kubenomad binds.
 */
import type { NodeSelectorRequirement, NodeSelectorTerm, Toleration } from '../../placement/types.js';

/** A node selector requirement as a pod carries it (client-node's V1NodeSelectorRequirement fits). */
export interface PodNodeSelectorRequirement {
  key: string;
  operator: string;
  values?: readonly string[];
}

/** A node selector term as a pod carries it. */
export interface PodNodeSelectorTerm {
  matchExpressions?: readonly PodNodeSelectorRequirement[];
  matchFields?: readonly PodNodeSelectorRequirement[];
}

/** A toleration as a pod carries it (typed or free-form JSON). */
export interface PodToleration {
  key?: unknown;
  operator?: unknown;
  value?: unknown;
  effect?: unknown;
}

/** The pod spec fields read here; client-node's V1PodSpec and the rendered PodSpec both fit. */
export interface PodPlacementSpec {
  nodeSelector?: Record<string, string>;
  affinity?: {
    nodeAffinity?: {
      requiredDuringSchedulingIgnoredDuringExecution?: { nodeSelectorTerms?: readonly PodNodeSelectorTerm[] };
    };
  };
  tolerations?: readonly PodToleration[];
}

/** The engine's GroupSpec fields for a pod's node filters. */
export interface PodPlacementInputs {
  nodeSelector?: Record<string, string>;
  requiredNodeAffinity?: NodeSelectorTerm[];
  tolerations: Toleration[];
}

type Operator = NodeSelectorRequirement['operator'];
const OPERATORS: readonly Operator[] = ['In', 'NotIn', 'Exists', 'DoesNotExist', 'Gt', 'Lt'];
const TOLERATION_OPERATORS: readonly string[] = ['Exists', 'Equal'];
const EFFECTS: readonly string[] = ['NoSchedule', 'PreferNoSchedule', 'NoExecute'];

function requirement(r: PodNodeSelectorRequirement): NodeSelectorRequirement | null {
  if (!(OPERATORS as readonly string[]).includes(r.operator)) return null;
  const out: NodeSelectorRequirement = { key: r.key, operator: r.operator as Operator };
  if (r.values !== undefined) out.values = [...r.values];
  return out;
}

function requirements(list: readonly PodNodeSelectorRequirement[] | undefined): NodeSelectorRequirement[] | null {
  const out = (list ?? []).map(requirement);
  return out.every((r) => r !== null) ? (out as NodeSelectorRequirement[]) : null;
}

/** A pod term in engine types; null when an operator is unknown (Kubernetes: the term then matches no node). */
function term(t: PodNodeSelectorTerm): NodeSelectorTerm | null {
  const matchExpressions = requirements(t.matchExpressions);
  const matchFields = requirements(t.matchFields);
  if (matchExpressions === null || matchFields === null) return null;
  const out: NodeSelectorTerm = {};
  if (matchExpressions.length > 0) out.matchExpressions = matchExpressions;
  if (matchFields.length > 0) out.matchFields = matchFields;
  return out;
}

/** undefined when absent or empty, the text when it is a string (and allowed), null when Kubernetes never matches it. */
function text(value: unknown, allowed?: readonly string[]): string | undefined | null {
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value !== 'string') return null;
  return allowed === undefined || allowed.includes(value) ? value : null;
}

/** A pod toleration in engine types; null for one that tolerates no taint (unknown operator or effect). */
function toleration(t: PodToleration): Toleration | null {
  const key = text(t.key);
  const operator = text(t.operator, TOLERATION_OPERATORS);
  const value = text(t.value);
  const effect = text(t.effect, EFFECTS);
  if (key === null || operator === null || value === null || effect === null) return null;
  const out: Toleration = {};
  if (key !== undefined) out.key = key;
  if (operator !== undefined) out.operator = operator as Toleration['operator'];
  if (value !== undefined) out.value = value;
  if (effect !== undefined) out.effect = effect as Toleration['effect'];
  return out;
}

function present<T>(items: Array<T | null>): T[] {
  return items.filter((i): i is T => i !== null);
}

/**
 * The engine inputs for a pod spec, as kube-scheduler's NodeAffinity and TaintToleration filters read it: an empty
 * `nodeSelector` is none; `requiredNodeAffinity` is present whenever the pod has a required node affinity, even with
 * no usable terms (then no node matches); tolerations that can tolerate nothing are dropped.
 */
export function podPlacementInputs(spec: PodPlacementSpec): PodPlacementInputs {
  const out: PodPlacementInputs = { tolerations: present((spec.tolerations ?? []).map(toleration)) };
  if (spec.nodeSelector && Object.keys(spec.nodeSelector).length > 0) out.nodeSelector = { ...spec.nodeSelector };
  const required = spec.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution;
  if (required) out.requiredNodeAffinity = present((required.nodeSelectorTerms ?? []).map(term));
  return out;
}

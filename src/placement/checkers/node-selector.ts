/**
 * NodeSelectorChecker: the pod's `nodeSelector` and required node affinity, as Kubernetes'
 * component-helpers `nodeaffinity.GetRequiredNodeAffinity(pod).Match(node)` (kube-scheduler's NodeAffinity filter and
 * the kubelet's admission check). Evaluated per node, never per computed class: labels such as
 * `kubernetes.io/hostname` are unique to a node and are not part of the class; left out when the group asks neither.
 */
import type { NodeSelectorRequirement, NodeSelectorTerm } from '../types.js';
import type { Checker } from './checker.js';

/** Filter reason for a node missing a `nodeSelector` label (kube-scheduler: "didn't match Pod's node selector"). */
export const NODE_SELECTOR_REASON = 'node selector';

/** Filter reason for a node matching no required node affinity term ("didn't match Pod's node affinity"). */
export const NODE_AFFINITY_REASON = 'node affinity';

type Labels = Record<string, string>;
type LabelTest = (labels: Labels) => boolean;
type NameTest = (name: string) => boolean;
/** A parsed term: labels and the node's metadata.name in, match out. */
type TermTest = (labels: Labels, name: string) => boolean;

// k8s.io/apimachinery validation: label values, qualified names (`prefix/name`) and DNS-1123 subdomains.
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;
const QUALIFIED_NAME = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

function validLabelValue(value: string): boolean {
  return value.length <= 63 && LABEL_VALUE.test(value);
}

/** validation.IsQualifiedName: an optional DNS subdomain prefix and `/`, then a name of at most 63 characters. */
function validLabelKey(key: string): boolean {
  const parts = key.split('/');
  if (parts.length > 2) return false;
  const name = parts.pop() ?? '';
  const prefix = parts.pop();
  const prefixOk = prefix === undefined || (prefix.length <= 253 && DNS1123_SUBDOMAIN.test(prefix));
  return prefixOk && name.length <= 63 && QUALIFIED_NAME.test(name);
}

/** Go's strconv.ParseInt(text, 10, 64); null when it would fail. */
function parseInt64(text: string): bigint | null {
  if (!/^[+-]?\d+$/.test(text)) return null;
  const n = BigInt(text);
  return n < INT64_MIN || n > INT64_MAX ? null : n;
}

function labelOf(labels: Labels, key: string): string | undefined {
  return Object.hasOwn(labels, key) ? labels[key] : undefined;
}

function hasValue(labels: Labels, key: string, values: string[]): boolean {
  const value = labelOf(labels, key);
  return value !== undefined && values.includes(value);
}

function numeric(key: string, values: string[], test: (node: bigint, wanted: bigint) => boolean): LabelTest | null {
  const wanted = values.length === 1 ? parseInt64(values[0] ?? '') : null;
  if (wanted === null) return null;
  return (labels) => {
    const value = labelOf(labels, key);
    const parsed = value === undefined ? null : parseInt64(value);
    return parsed !== null && test(parsed, wanted);
  };
}

/** labels.NewRequirement + Requirement.Matches per operator; null when the requirement does not parse. */
const LABEL_OPERATORS: Record<NodeSelectorRequirement['operator'], (key: string, values: string[]) => LabelTest | null> = {
  In: (key, values) => (values.length === 0 ? null : (labels) => hasValue(labels, key, values)),
  NotIn: (key, values) => (values.length === 0 ? null : (labels) => !hasValue(labels, key, values)),
  Exists: (key, values) => (values.length > 0 ? null : (labels) => Object.hasOwn(labels, key)),
  DoesNotExist: (key, values) => (values.length > 0 ? null : (labels) => !Object.hasOwn(labels, key)),
  Gt: (key, values) => numeric(key, values, (node, wanted) => node > wanted),
  Lt: (key, values) => numeric(key, values, (node, wanted) => node < wanted),
};

function labelRequirement(r: NodeSelectorRequirement): LabelTest | null {
  const values = r.values ?? [];
  if (!Object.hasOwn(LABEL_OPERATORS, r.operator) || !validLabelKey(r.key) || !values.every(validLabelValue)) return null;
  return LABEL_OPERATORS[r.operator](r.key, values);
}

/** nodeSelectorRequirementsAsFieldSelector: `metadata.name` only, `In`/`NotIn` with exactly one value. */
function fieldRequirement(r: NodeSelectorRequirement): NameTest | null {
  const wanted = r.values?.length === 1 ? r.values[0] : undefined;
  if (r.key !== 'metadata.name' || wanted === undefined) return null;
  if (r.operator === 'In') return (name) => name === wanted;
  if (r.operator === 'NotIn') return (name) => name !== wanted;
  return null;
}

function allParsed<T>(items: Array<T | null>): T[] | null {
  return items.every((i) => i !== null) ? (items as T[]) : null;
}

/** A term's requirements ANDed; null when the term is empty or does not parse (it then matches no node). */
function parseTerm(term: NodeSelectorTerm): TermTest | null {
  const expressions = term.matchExpressions ?? [];
  const fields = term.matchFields ?? [];
  if (expressions.length + fields.length === 0) return null;
  const labelTests = allParsed(expressions.map(labelRequirement));
  const nameTests = allParsed(fields.map(fieldRequirement));
  if (labelTests === null || nameTests === null) return null;
  // As Kubernetes: field requirements are skipped for a node without a name.
  return (labels, name) => labelTests.every((t) => t(labels)) && (name === '' || nameTests.every((t) => t(name)));
}

/** The terms that can match (empty or unparsable ones never do); none left means no node matches. */
function allTerms(terms: NodeSelectorTerm[]): TermTest[] {
  return terms.map(parseTerm).filter((t): t is TermTest => t !== null);
}

/** Whether every selector label is on the node with the same value (labels.SelectorFromSet). */
function selectorMatches(selector: Labels, labels: Labels): boolean {
  return Object.entries(selector).every(([key, value]) => labelOf(labels, key) === value);
}

/**
 * Filters nodes whose labels miss the `nodeSelector` (`node selector`) or match none of the required node affinity
 * terms (`node affinity`). Terms are ORed, requirements within a term ANDed; an empty term list matches no node.
 */
export function nodeSelectorChecker(nodeSelector: Labels = {}, requiredNodeAffinity?: NodeSelectorTerm[]): Checker {
  const selector = Object.keys(nodeSelector).length > 0 ? nodeSelector : null;
  const terms = requiredNodeAffinity ? allTerms(requiredNodeAffinity) : null;
  return {
    name: 'node-selector',
    applies: selector !== null || terms !== null,
    cacheable: false,
    check(entry) {
      const labels = entry.node.labels ?? {};
      if (selector !== null && !selectorMatches(selector, labels)) return NODE_SELECTOR_REASON;
      const name = entry.node.fingerprint.name;
      if (terms !== null && !terms.some((t) => t(labels, name))) return NODE_AFFINITY_REASON;
      return null;
    },
  };
}

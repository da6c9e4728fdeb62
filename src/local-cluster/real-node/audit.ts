/**
 * RBAC from reality: the requests a ServiceAccount really made (read from the apiserver's audit log, JSON lines)
 * checked against RBAC rules (a chart's ClusterRole and Role). `ungranted` lists what was requested and is not
 * granted; `unused` lists what is granted and was never requested. Pure: text and objects in, findings out.
 */

/** One (verb, group, resource) the account used, where, and on which object. */
export interface Access {
  verb: string;
  group: string;
  /** `resource` or `resource/subresource`. */
  resource: string;
  namespace?: string;
  name?: string;
  /** HTTP status of the answer. */
  code?: number;
}

/** A non-resource request (`/version`, `/apis`, …). */
export interface NonResourceAccess {
  verb: string;
  path: string;
}

/** An RBAC PolicyRule, as rendered in a (Cluster)Role. */
export interface PolicyRule {
  apiGroups?: string[];
  resources?: string[];
  resourceNames?: string[];
  verbs: string[];
}

/** Rules and where they apply: a ClusterRole everywhere, a Role in its namespace. */
export interface GrantedRules {
  rules: PolicyRule[];
  /** Undefined for a ClusterRole (bound by a ClusterRoleBinding). */
  namespace?: string;
}

interface AuditEvent {
  stage?: string;
  verb?: string;
  requestURI?: string;
  user?: { username?: string };
  objectRef?: { apiGroup?: string; resource?: string; subresource?: string; namespace?: string; name?: string };
  responseStatus?: { code?: number };
}

/** The resource access an audit event records, or its non-resource path. */
function toAccess(e: AuditEvent): Access | NonResourceAccess {
  const o = e.objectRef;
  if (!o?.resource) return { verb: e.verb ?? '', path: (e.requestURI ?? '').split('?')[0] ?? '' };
  const resource = o.subresource ? `${o.resource}/${o.subresource}` : o.resource;
  return { verb: e.verb ?? '', group: o.apiGroup ?? '', resource, namespace: o.namespace, name: o.name, code: e.responseStatus?.code };
}

/** The requests `username` made, from audit log text (one JSON event per line; the RequestReceived stage is skipped). */
export function accessesOf(auditLog: string, username: string): { resources: Access[]; nonResources: NonResourceAccess[] } {
  const events = auditLog.split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l) as AuditEvent)
    .filter((e) => e.user?.username === username && e.stage !== 'RequestReceived' && e.verb);
  const all = events.map(toAccess);
  return {
    resources: all.filter((a): a is Access => 'resource' in a),
    nonResources: all.filter((a): a is NonResourceAccess => 'path' in a),
  };
}

const matches = (list: string[] | undefined, value: string): boolean => (list ?? []).some((v) => v === '*' || v === value);

/** Whether one rule grants an access (resourceNames restrict to named objects; a create has no name to match). */
export function ruleGrants(rule: PolicyRule, a: Access): boolean {
  if (!matches(rule.verbs, a.verb) || !matches(rule.apiGroups, a.group) || !matches(rule.resources, a.resource)) return false;
  if (!rule.resourceNames || rule.resourceNames.length === 0) return true;
  return a.name !== undefined && rule.resourceNames.includes(a.name);
}

/** Whether any of the granted rules allows the access where it happened. */
export function granted(grants: GrantedRules[], a: Access): boolean {
  return grants.some((g) => (g.namespace === undefined || g.namespace === a.namespace) && g.rules.some((r) => ruleGrants(r, a)));
}

/** A stable one-line key of an access: `verb group/resource` (group empty for the core API). */
export const accessKey = (a: Pick<Access, 'verb' | 'group' | 'resource'>): string => `${a.verb} ${a.group}/${a.resource}`;

/** The distinct requests not granted by the rules, as `verb group/resource [in namespace] [name]`. */
export function ungranted(grants: GrantedRules[], accesses: Access[]): string[] {
  const out = new Set<string>();
  for (const a of accesses.filter((x) => !granted(grants, x))) {
    out.add(`${accessKey(a)}${a.namespace ? ` in ${a.namespace}` : ''}${a.name ? ` name ${a.name}` : ''}`);
  }
  return [...out].sort();
}

/** Each (verb, group, resource) a grant names, as a single-triple rule with its namespace. */
function triples(grants: GrantedRules[]): Array<{ namespace?: string; rule: PolicyRule }> {
  return grants.flatMap((g) => g.rules.flatMap((rule) => (rule.apiGroups ?? ['']).flatMap((group) => (rule.resources ?? []).flatMap((resource) =>
    rule.verbs.map((verb) => ({ namespace: g.namespace, rule: { ...rule, apiGroups: [group], resources: [resource], verbs: [verb] } }))))));
}

/** Every `verb group/resource` the rules grant that no access used. */
export function unused(grants: GrantedRules[], accesses: Access[]): string[] {
  const idle = triples(grants).filter(({ namespace, rule }) =>
    !accesses.some((a) => (namespace === undefined || namespace === a.namespace) && ruleGrants(rule, a)));
  return [...new Set(idle.map(({ rule }) => accessKey({ verb: rule.verbs[0] ?? '', group: rule.apiGroups?.[0] ?? '', resource: rule.resources?.[0] ?? '' })))].sort();
}

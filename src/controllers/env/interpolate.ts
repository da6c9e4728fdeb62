/**
 * Nomad's runtime interpolation of `${...}` in task strings (client/taskenv, helper/args.ReplaceEnv):
 * one pass over `${name}` references whose name is made of letters, digits, `_`, `-` and `.`; each is
 * looked up in the task environment, then in the node's values (`node.unique.id`, `attr.<x>`,
 * `meta.<x>`, ...); unknown references are kept as written. No nesting, no escapes, no recursion.
 */

/** Nomad's `envRe`. */
const REFERENCE = /\$\{([a-zA-Z0-9_\-.]+)\}/g;

/** Node values for `${node.*}`, `${attr.*}` and `${meta.*}` (Nomad's setNode). */
export interface NodeEnv {
  id?: string;
  name?: string;
  class?: string;
  datacenter?: string;
  pool?: string;
  region?: string;
  attributes?: Record<string, string>;
  meta?: Record<string, string>;
}

/** Flattens a node into Nomad's interpolation keys (`node.unique.id`, `attr.kernel.name`, `meta.rack`, ...). */
export function nodeValues(node: NodeEnv): Record<string, string> {
  const values: Record<string, string> = {};
  const set = (key: string, value: string | undefined): void => { if (value !== undefined) values[key] = value; };
  set('node.unique.id', node.id);
  set('node.unique.name', node.name);
  set('node.class', node.class);
  set('node.datacenter', node.datacenter);
  set('node.pool', node.pool);
  set('node.region', node.region);
  for (const [k, v] of Object.entries(node.attributes ?? {})) values[`attr.${k}`] = v;
  for (const [k, v] of Object.entries(node.meta ?? {})) values[`meta.${k}`] = v;
  return values;
}

/** Replaces `${KEY}` with env[KEY] (then node values); unknown references stay as they are. */
export function interpolate(text: string, env: Readonly<Record<string, string>>, node?: NodeEnv): string {
  const nodeMap = node ? nodeValues(node) : {};
  return text.replace(REFERENCE, (whole, key: string) => {
    if (Object.hasOwn(env, key)) return env[key] ?? whole;
    if (Object.hasOwn(nodeMap, key)) return nodeMap[key] ?? whole;
    return whole;
  });
}

/** Interpolates every string inside a JSON-like value (task `config`, `args`, `env`), keys included. */
export function interpolateDeep<T>(value: T, env: Readonly<Record<string, string>>, node?: NodeEnv): T {
  const walk = (v: unknown): unknown => {
    if (typeof v === 'string') return interpolate(v, env, node);
    if (Array.isArray(v)) return v.map(walk);
    if (v && typeof v === 'object') {
      return Object.fromEntries(Object.entries(v).map(([k, x]) => [interpolate(k, env, node), walk(x)]));
    }
    return v;
  };
  return walk(value) as T;
}

/**
 * NOMAD_META_<key> variables of a task (Nomad's Builder.setAlloc): each key as written and upper-cased;
 * for a dispatched job, unset `meta_optional` keys are present and empty.
 */
export function metaEnv(meta: Readonly<Record<string, string>>, optionalKeys: readonly string[] = []): Record<string, string> {
  const env: Record<string, string> = {};
  for (const k of optionalKeys) {
    env[`NOMAD_META_${k.toUpperCase()}`] = '';
    env[`NOMAD_META_${k}`] = '';
  }
  for (const [k, v] of Object.entries(meta)) {
    env[`NOMAD_META_${k.toUpperCase()}`] = v;
    env[`NOMAD_META_${k}`] = v;
  }
  return env;
}

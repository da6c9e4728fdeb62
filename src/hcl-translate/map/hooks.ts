/** Per-block fix-ups after generic mapping: constraint shorthands, spread targets, warnings for what Kubernetes cannot honour. */
import { templateContent } from '../../controllers/nomadjob/files.js';
import { SHORTHAND_OPERATORS } from '../schema/placement.js';
import { camel } from '../schema/types.js';
import { fail, type Body, type Walk } from '../walk.js';

/** A fix-up for one block kind. */
export type Hook = (out: Record<string, unknown>, body: Body, w: Walk, where: string) => void;

/** Rewrites `regexp = "x"` style shorthands into operator/value; `distinct_hosts`/`distinct_property` likewise. */
function constraintShorthand(out: Record<string, unknown>, body: Body, w: Walk, where: string): void {
  const used = SHORTHAND_OPERATORS.filter((op) => out[camel(op)] !== undefined);
  const hasDistinct = out.distinctHosts !== undefined || out.distinctProperty !== undefined;
  if (used.length + (hasDistinct ? 1 : 0) + (out.operator !== undefined ? 1 : 0) > 1) {
    fail(w, body, undefined, `${where} sets more than one operator (${[...used, ...(out.operator !== undefined ? ['operator'] : [])].join(', ')})`);
  }
  for (const op of used) {
    out.operator = op;
    out.value = out[camel(op)];
    delete out[camel(op)];
  }
  if (out.distinctHosts !== undefined) {
    out.operator = 'distinct_hosts';
    if (out.distinctHosts === false) out.value = 'false';
    delete out.distinctHosts;
  }
  if (out.distinctProperty !== undefined) {
    out.operator = 'distinct_property';
    out.attribute = out.distinctProperty;
    delete out.distinctProperty;
  }
  if (out.operator === undefined && out.attribute !== undefined) out.operator = '=';
  const op = out.operator;
  if ((op === 'is_set' || op === 'is_not_set') && out.value !== undefined) fail(w, body, 'value', `${where}: operator "${op}" takes no value`);
  if (op === undefined && out.attribute === undefined) fail(w, body, undefined, `${where} needs an attribute (or a shorthand such as distinct_hosts)`);
}

function affinity(out: Record<string, unknown>, body: Body, w: Walk, where: string): void {
  constraintShorthand(out, body, w, where);
  const op = out.operator;
  if (typeof op === 'string' && ['distinct_hosts', 'distinct_property', 'is_set', 'is_not_set'].includes(op)) fail(w, body, 'operator', `operator "${op}" is not allowed in an affinity`);
  const weight = out.weight;
  if (typeof weight === 'number' && (weight === 0 || weight < -100 || weight > 100)) fail(w, body, 'weight', `affinity weight must be in [-100, 100] and not 0, got ${weight}`);
}

const CONSUL_FUNCS = /\{\{-?\s*(?:with\s+|range\s+|if\s+)?(key|keyOrDefault|keyExists|ls|safeLs|tree|safeTree|service|services|connect|caRoots|caLeaf|secret|secrets|pkiCert|nomadVar|nomadVarList|nomadVarExists|nomadService|nomadServices)\b/;

/** The first template action the operator will not render (it renders only `{{ env "X" }}`), e.g. `{{ range … }}`. */
function unrenderedAction(data: string): string | undefined {
  if (!templateContent(data).unsupported) return undefined;
  const action = /\{\{-?\s*([^}]*?)\s*-?\}\}/g;
  for (const m of data.matchAll(action)) if (!/^env\s+"[^"]+"$/.test(m[1] ?? '')) return (m[1] ?? '').split(/\s+/)[0] ?? '';
  return '';
}

function template(out: Record<string, unknown>, body: Body, w: Walk, where: string): void {
  const data = typeof out.data === 'string' ? out.data : '';
  const m = CONSUL_FUNCS.exec(data);
  const action = m ? undefined : unrenderedAction(data);
  if (m) fail(w, body, 'data', `${where} uses the "${m[1] ?? ''}" template function, which reads Consul, Vault or Nomad variables and is not honoured on Kubernetes; the template is kept as written`, 'warning');
  else if (action !== undefined) fail(w, body, 'data', `${where}: only {{ env "…" }} actions are rendered; "{{ ${action} … }}" and other actions are written literally`, 'warning');
  if (out.data === undefined && out.source !== undefined) fail(w, body, 'source', `${where}: only inline "data" templates are rendered; "source" is ignored`, 'warning');
  if (out.destination === undefined) fail(w, body, undefined, `${where} needs a destination`);
}

function artifact(out: Record<string, unknown>, body: Body, w: Walk, where: string): void {
  if (out.source === undefined) fail(w, body, undefined, `${where} needs "source"`);
  else fail(w, body, 'source', `${where}: artifacts are not downloaded on Kubernetes; bake the file into the image or fetch it in a prestart task`, 'warning');
}

function volume(out: Record<string, unknown>, body: Body, w: Walk, where: string): void {
  if (out.type === undefined) out.type = 'host';
  if (out.type === 'csi') fail(w, body, 'type', `${where}: CSI volumes are not honoured on Kubernetes yet; the volume is recorded only`, 'warning');
  if (out.source === undefined) fail(w, body, undefined, `${where} needs a source`);
}

function required(...keys: string[]): Hook {
  return (out, body, w, where) => {
    for (const k of keys) if (body[k] === undefined && out[camel(k)] === undefined) fail(w, body, undefined, `${where} needs "${k}"`);
  };
}

/** Hooks by schema name. */
export const HOOKS: Record<string, Hook> = {
  constraint: constraintShorthand,
  affinity,
  template,
  volume,
  spread: required('attribute'),
  artifact,
  lifecycle: required('hook'),
  volume_mount: required('volume', 'destination'),
  dispatch_payload: required('file'),
  check: required('type'),
  task: required('driver'),
};

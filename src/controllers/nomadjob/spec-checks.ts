/**
 * Checks of a NomadJob spec that no retry can fix and the schema cannot express, with the field path of each
 * problem. The admission webhook rejects them up front; the controller records them as an invalid job when no
 * webhook stopped them (second line).
 */
import type { Affinity, Constraint, NomadJobSpec } from '../../crds/nomadjob-types.js';
import { re2Error } from '../../regexp/re2.js';

/** One problem and where it is. */
export interface SpecProblem {
  field: string;
  message: string;
}

type Rule = Pick<Constraint | Affinity, 'operator' | 'value'>;

function ruleProblems(rules: Rule[] | undefined, field: string): SpecProblem[] {
  const out: SpecProblem[] = [];
  (rules ?? []).forEach((rule, i) => {
    if (rule.operator !== 'regexp' || typeof rule.value !== 'string') return;
    const error = re2Error(rule.value);
    if (error !== null) out.push({ field: `${field}[${i}].value`, message: `${field}[${i}]: invalid regular expression ${JSON.stringify(rule.value)}: ${error}` });
  });
  return out;
}

/** Invalid `regexp` patterns (RE2 syntax, as Nomad) in constraints and affinities at every level. */
export function regexpProblems(spec: NomadJobSpec): SpecProblem[] {
  const out = [...ruleProblems(spec.constraints, 'spec.constraints'), ...ruleProblems(spec.affinities, 'spec.affinities')];
  (spec.groups ?? []).forEach((g, gi) => {
    const group = `spec.groups[${gi}]`;
    out.push(...ruleProblems(g.constraints, `${group}.constraints`), ...ruleProblems(g.affinities, `${group}.affinities`));
    (g.tasks ?? []).forEach((t, ti) => {
      out.push(...ruleProblems(t.constraints, `${group}.tasks[${ti}].constraints`), ...ruleProblems(t.affinities, `${group}.tasks[${ti}].affinities`));
    });
  });
  return out;
}

/** Port labels the job's networks define for a group (group `network` blocks and legacy task-level ones). */
function definedPortLabels(group: NonNullable<NomadJobSpec['groups']>[number]): Set<string> {
  const labels = new Set<string>();
  for (const n of group.networks ?? []) for (const p of n.ports ?? []) labels.add(p.label);
  for (const t of group.tasks ?? []) for (const n of t.resources?.networks ?? []) for (const p of n.ports ?? []) labels.add(p.label);
  return labels;
}

/** A port reference that must name a label (numbers are literal ports, as in Nomad's service `port`). */
const isLabelRef = (v: unknown): v is string => typeof v === 'string' && v !== '' && !/^\d+$/.test(v);

/**
 * Port labels referenced but defined by no network of the group: service and check `port`, and a task driver's
 * `config.ports` (Nomad's docker driver fails such a task at start with "Port … not found, check network block").
 */
export function portLabelProblems(spec: NomadJobSpec): SpecProblem[] {
  const out: SpecProblem[] = [];
  (spec.groups ?? []).forEach((g, gi) => {
    const defined = definedPortLabels(g);
    const check = (ref: unknown, field: string, what: string): void => {
      if (isLabelRef(ref) && !defined.has(ref)) {
        const known = defined.size > 0 ? `; the group's networks define ${[...defined].map((l) => `"${l}"`).join(', ')}` : '; the group defines no network ports';
        out.push({ field, message: `${field}: ${what} port label "${ref}" is not defined by any network of group "${g.name}"${known}` });
      }
    };
    const services = (list: NonNullable<typeof g.services> | undefined, at: string): void => {
      (list ?? []).forEach((s, si) => {
        check(s.port, `${at}[${si}].port`, `service "${s.name ?? ''}"`);
        (s.checks ?? []).forEach((c, ci) => check(c.port, `${at}[${si}].checks[${ci}].port`, `check of service "${s.name ?? ''}"`));
      });
    };
    services(g.services, `spec.groups[${gi}].services`);
    (g.tasks ?? []).forEach((t, ti) => {
      const at = `spec.groups[${gi}].tasks[${ti}]`;
      services(t.services, `${at}.services`);
      const ports = t.config?.ports;
      if (Array.isArray(ports)) ports.forEach((p, pi) => check(p, `${at}.config.ports[${pi}]`, `task "${t.name}"`));
    });
  });
  return out;
}

/** At most this many replacement-character findings are reported. */
const MAX_REPLACEMENT_FINDINGS = 10;

/**
 * Strings holding U+FFFD, the replacement character: the apiserver decodes request bodies as UTF-8 and replaces
 * every invalid byte with it, so its presence nearly always means the manifest was not UTF-8 (e.g. Latin-1). Rejected
 * at admission with the field path rather than stored silently altered.
 */
export function replacementCharProblems(value: unknown, field = 'spec'): SpecProblem[] {
  const out: SpecProblem[] = [];
  const walk = (v: unknown, at: string): void => {
    if (out.length >= MAX_REPLACEMENT_FINDINGS) return;
    if (typeof v === 'string') {
      if (v.includes('\uFFFD')) out.push({ field: at, message: `${at}: contains U+FFFD replacement characters — the manifest was probably not UTF-8 (the API server replaces invalid bytes); save it as UTF-8` });
    } else if (Array.isArray(v)) {
      v.forEach((x, i) => walk(x, `${at}[${i}]`));
    } else if (v !== null && typeof v === 'object') {
      for (const [k, x] of Object.entries(v)) {
        if (k.includes('\uFFFD')) out.push({ field: `${at}.${k}`, message: `${at}: key ${JSON.stringify(k)} contains U+FFFD replacement characters — the manifest was probably not UTF-8; save it as UTF-8` });
        walk(x, `${at}.${k}`);
      }
    }
  };
  walk(value, field);
  return out;
}

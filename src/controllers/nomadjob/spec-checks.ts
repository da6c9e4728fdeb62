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

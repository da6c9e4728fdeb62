/**
 * Nomad's UpdateStrategy validation on each group's merged `update` block (defaults filled): what the schema cannot
 * say because the values come from two levels. Rejected by the webhook, recorded as invalid by the controller.
 */
import type { NomadJobSpec, UpdateStrategy } from '../../crds/nomadjob-types.js';
import { parseDuration } from './duration.js';
import type { SpecProblem } from './spec-checks.js';
import { mergedUpdate, resolveUpdate } from './update-strategy.js';

const show = (ms: number): string => (ms % 60_000 === 0 ? `${ms / 60_000}m` : `${ms / 1000}s`);

const DURATIONS = ['minHealthyTime', 'healthyDeadline', 'progressDeadline', 'stagger'] as const;

/** Durations that do not parse, by field name. */
function unparsed(update: UpdateStrategy): Array<(typeof DURATIONS)[number]> {
  return DURATIONS.filter((f) => update[f] !== undefined && parseDuration(update[f]!) === undefined);
}

/** Problems of the effective update strategy of every group, with the field path of the block that sets it. */
export function updateProblems(spec: NomadJobSpec): SpecProblem[] {
  const out: SpecProblem[] = [];
  (spec.groups ?? []).forEach((group, gi) => {
    const field = group.update ? `spec.groups[${gi}].update` : 'spec.update';
    const merged = mergedUpdate(spec, group);
    for (const f of merged ? unparsed(merged) : []) out.push({ field: `${field}.${f}`, message: `${field}.${f}: ${JSON.stringify(merged![f])} is not a duration` });
    const u = resolveUpdate(spec, group);
    if (!u) return;
    const say = (message: string): void => {
      out.push({ field, message: `${field} (group "${group.name}"): ${message}` });
    };
    if (u.healthyDeadlineMs <= 0) say('healthy deadline must be greater than zero');
    if (u.minHealthyTimeMs >= u.healthyDeadlineMs) say(`minimum healthy time (${show(u.minHealthyTimeMs)}) must be less than healthy deadline (${show(u.healthyDeadlineMs)})`);
    if (u.progressDeadlineMs !== 0 && u.healthyDeadlineMs >= u.progressDeadlineMs) {
      say(`healthy deadline (${show(u.healthyDeadlineMs)}) must be less than progress deadline (${show(u.progressDeadlineMs)})`);
    }
  });
  return out;
}

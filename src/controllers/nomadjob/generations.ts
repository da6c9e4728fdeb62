/** Serialising `JobPlan.generations` for the NomadJob annotation `kubenomad.io/alloc-generations`. */

/** Reads the generations annotation (malformed → empty: vanished pods are then replaced at generation 0). */
export function parseGenerations(text: string | undefined): Record<string, number> {
  if (!text) return {};
  try {
    const parsed: unknown = JSON.parse(text);
    if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) return {};
    return Object.fromEntries(Object.entries(parsed).filter((entry): entry is [string, number] => Number.isInteger(entry[1])));
  } catch {
    return {};
  }
}

/** Writes the generations annotation with sorted keys, so an unchanged map gives an unchanged string. */
export function formatGenerations(generations: Readonly<Record<string, number>>): string {
  return JSON.stringify(Object.fromEntries(Object.entries(generations).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))));
}

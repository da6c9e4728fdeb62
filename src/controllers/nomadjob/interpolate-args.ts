/**
 * `${...}` interpolation of task config and env values for Kubernetes fields. Same references as
 * src/controllers/env/interpolate.ts (Nomad's envRe: letters, digits, `_`, `-`, `.`; unknown names kept), plus the
 * escaping that module cannot do after the fact: the output is meant for Kubernetes fields that expand `$(VAR)` (command, args, env values): literal
 * text has every `$` doubled so Kubernetes leaves it alone, while substituted values pass through as they are,
 * so a value may itself be a `$(NOMAD_IP_db)` reference that Kubernetes resolves in the container.
 */

/** Escapes literal text for a Kubernetes field with `$(VAR)` expansion (`$` → `$$`). */
export function kubeLiteral(text: string): string {
  return text.replaceAll('$', '$$$$');
}

/** Replaces `${name}` with `vars[name]`; unknown names are kept literally (as Nomad does). */
export function interpolateForKube(text: string, vars: Readonly<Record<string, string>>): string {
  let out = '';
  let cursor = 0;
  for (const match of text.matchAll(/\$\{([a-zA-Z0-9_\-.]+)\}/g)) {
    const start = match.index;
    const name = match[1] ?? '';
    const value = vars[name];
    out += kubeLiteral(text.slice(cursor, start));
    out += value ?? kubeLiteral(match[0]);
    cursor = start + match[0].length;
  }
  return out + kubeLiteral(text.slice(cursor));
}

/**
 * Nomad's `-json` and `-t <template>` output flags. `-t` takes the subset of Go templates that reads fields:
 * `{{ .Path.To.Field }}` (or `{{ . }}` for the whole value), with the JSON field names of the object printed; other
 * actions (`range`, `if`, pipelines) are refused with a clear message.
 */

/** The output flags of a command. */
export interface OutputFlags {
  json?: boolean;
  t?: string;
}

const ACTION = /\{\{-?\s*(.*?)\s*-?\}\}/g;

function fieldOf(value: unknown, path: string): unknown {
  let cur = value;
  for (const key of path.split('.').filter(Boolean)) {
    cur = typeof cur === 'object' && cur !== null ? (cur as Record<string, unknown>)[key] : undefined;
  }
  return cur;
}

/** Renders `-t`: each `{{ .a.b }}` becomes the field (strings as they are, other values as JSON, missing as `<no value>`). */
export function renderTemplate(template: string, value: unknown): string {
  return template.replace(ACTION, (_m, action: string) => {
    if (!/^\.[\w.-]*$/.test(action)) throw new Error(`Error executing template: only field actions like {{ .spec.type }} are supported, got {{ ${action} }}`);
    const v = fieldOf(value, action.slice(1));
    if (v === undefined) return '<no value>';
    return typeof v === 'string' ? v : JSON.stringify(v);
  });
}

/** The text `-json`/`-t` ask for, or undefined when neither was given (the command prints its own layout). */
export function formatted(value: unknown, flags: OutputFlags): string | undefined {
  if (flags.json && flags.t !== undefined) throw new Error('Both json and template formatting are not allowed');
  if (flags.json) return `${JSON.stringify(value, null, 4)}\n`;
  if (flags.t !== undefined) return `${renderTemplate(flags.t, value)}\n`;
  return undefined;
}

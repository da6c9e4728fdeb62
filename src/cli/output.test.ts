// -json and -t output flags.
import { describe, expect, it } from '@jest/globals';
import { formatted, renderTemplate } from './output.js';

const job = { metadata: { name: 'web' }, spec: { type: 'service', groups: [{ name: 'g', count: 3 }] } };

describe('output flags', () => {
  it('renders field actions of -t, JSON for non-strings and <no value> for missing fields', () => {
    expect(renderTemplate('{{ .metadata.name }} is a {{.spec.type}} job; groups={{ .spec.groups }}; x={{ .spec.nope }}', job))
      .toBe('web is a service job; groups=[{"name":"g","count":3}]; x=<no value>');
  });

  it('refuses template actions it does not implement, naming them', () => {
    expect(() => renderTemplate('{{ range .spec.groups }}x{{ end }}', job)).toThrow('got {{ range .spec.groups }}');
  });

  it('prints indented JSON with -json, nothing special without flags, and refuses both at once', () => {
    expect(formatted(job, { json: true })).toBe(`${JSON.stringify(job, null, 4)}\n`);
    expect(formatted(job, {})).toBeUndefined();
    expect(() => formatted(job, { json: true, t: '{{ . }}' })).toThrow('Both json and template');
  });
});

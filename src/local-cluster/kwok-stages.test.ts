import { describe, expect, it } from '@jest/globals';
import { load } from 'js-yaml';
import { KWOK_STAGES_YAML, kwokStagesYaml } from './kwok-stages.js';

const stageNames = (yaml: string): string[] =>
  yaml.split('\n---\n').map((doc) => (load(doc) as { metadata: { name: string } }).metadata.name);

describe('kwokStagesYaml', () => {
  it('is the full stage set when kwok runs pods', () => {
    expect(kwokStagesYaml(true)).toBe(KWOK_STAGES_YAML);
  });

  it('keeps only the node stages when kwok does not run pods', () => {
    const all = stageNames(KWOK_STAGES_YAML);
    const kept = stageNames(kwokStagesYaml(false));
    expect(kept).toEqual(all.filter((n) => n.startsWith('kubenomad-node-')));
    expect(kept).toContain('kubenomad-node-heartbeat');
    expect(kept).not.toContain('kubenomad-pod-ready');
  });
});

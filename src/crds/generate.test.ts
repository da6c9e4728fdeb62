import { describe, expect, it } from '@jest/globals';
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import * as yaml from 'js-yaml';
import { crds, GENERATED_HEADER, renderCrds } from './index.js';
import { staleCrdFiles, writeCrdFiles } from './schema/files.js';
import { updatingGoldenFiles } from '../../test/support/golden.js';

const DEPLOY_CRDS = fileURLToPath(new URL('../../deploy/crds', import.meta.url));

describe('deploy/crds', () => {
  it('is up to date with src/crds: a missing or differing file fails (UPDATE_GOLDEN=1 rewrites them)', () => {
    const files = renderCrds();
    if (updatingGoldenFiles()) writeCrdFiles(DEPLOY_CRDS, files);
    const stale = staleCrdFiles(DEPLOY_CRDS, files);
    if (stale.length > 0) {
      throw new Error(`deploy/crds is stale (${stale.join(', ')}): run \`npm run gen:crds\` (or UPDATE_GOLDEN=1 npm run test:unit -- src/crds)`);
    }
  });

  it('holds no YAML that src/crds does not render (it would be installed unchecked)', () => {
    const present = readdirSync(DEPLOY_CRDS).filter((f) => f.endsWith('.yaml')).sort();
    expect(present).toEqual(Object.keys(renderCrds()).sort());
  });

  it('renders one file per CRD named <group>_<plural>.yaml', () => {
    expect(Object.keys(renderCrds()).sort()).toEqual([
      'kubenomad.io_dispatches.yaml',
      'kubenomad.io_nomadjobs.yaml',
      'kubenomad.io_periodics.yaml',
    ]);
  });

  it('renders YAML that parses back to the CRD objects, with a do-not-edit header', () => {
    const files = renderCrds();
    for (const crd of crds) {
      const text = files[`kubenomad.io_${crd.spec.names.plural}.yaml`] ?? '';
      expect(text.startsWith(GENERATED_HEADER)).toBe(true);
      expect(text).not.toMatch(/&ref_|\*ref_/);
      expect(yaml.load(text)).toEqual(JSON.parse(JSON.stringify(crd)));
    }
  });
});

import { describe, expect, it } from 'vitest';
import { centralStage, defineStudy, federatedStage, siteStage } from '../../../core/study.js';
import { assertValidStudy, validateStudySpec } from '../../../core/study-validate.js';
import { pluginRegistry } from '../../../activities/plugin-registry.js';
import { StudyValidationError } from '../../../core/errors.js';

describe('study validation', () => {
  it('accepts the demo-shaped study', () => {
    const spec = defineStudy({
      id: 'ok', sites: ['a', 'b'],
      stages: [
        siteStage('inv', 'image.inventory', {}),
        federatedStage('z', 'harmonize.standardize', { from: 'inv' }, { after: ['inv'] }),
      ],
    });
    expect(validateStudySpec(spec, pluginRegistry)).toEqual([]);
  });

  it('reports every problem at once: cycle, unknown stage and type, bad params, unknown site, wrong kind', () => {
    const spec = defineStudy({
      id: 'bad', sites: ['a'],
      stages: [
        siteStage('x', 'image.inventory', { geometryTolerance: 'tight' } as never, { after: ['y'] }),
        siteStage('y', 'image.inventory', {}, { after: ['x'], sites: ['zz'] }),
        siteStage('z', 'no.such.plugin' as never, {} as never, { after: ['ghost'] }),
        siteStage('w', 'harmonize.standardize' as never, { from: 'x' } as never),
      ],
    });
    const problems = validateStudySpec(spec, pluginRegistry);
    const text = problems.map((p) => `${p.where}: ${p.message}`).join('\n');
    expect(text).toMatch(/stage x, params\.geometryTolerance: .*number/i);
    expect(text).toMatch(/unknown site "zz"/);
    expect(text).toMatch(/unknown stage type "no\.such\.plugin"/);
    expect(text).toMatch(/unknown stage "ghost"/);
    expect(text).toMatch(/cycle: (x → y → x|y → x → y)/);
    expect(text).toMatch(/"harmonize\.standardize" is a federated stage type/);
    expect(problems.length).toBeGreaterThanOrEqual(6);
  });

  it('throws one typed error that lists the problems and how to fix them', () => {
    const spec = defineStudy({ id: 'bad', sites: ['a'], stages: [centralStage('r', 'image.inventory' as never, {} as never)] });
    expect(() => assertValidStudy(spec, pluginRegistry)).toThrow(StudyValidationError);
    expect(() => assertValidStudy(spec, pluginRegistry)).toThrow(/cohortflow validate/);
  });
});

describe('study files', () => {
  it('inline a PyRadiomics params YAML named relative to the study, so sites need not have it', async () => {
    const { mkdirSync, writeFileSync } = await import('node:fs');
    const { join } = await import('node:path');
    const { tempDir } = await import('../../helpers/temporal.js');
    const { inlineYamlParams } = await import('../../../cli/study-loader.js');
    const dir = tempDir('study');
    mkdirSync(join(dir, 'settings'));
    writeFileSync(join(dir, 'settings', 'ct.yaml'), 'setting:\n  binWidth: 25\nimageType:\n  Original: {}\n');
    const spec = defineStudy({ id: 's', sites: ['a'], stages: [siteStage('rad', 'features.radiomics', { params: 'settings/ct.yaml' })] });
    inlineYamlParams(spec, dir);
    expect(spec.stages[0].params.params).toEqual({ setting: { binWidth: 25 }, imageType: { Original: {} } });
    expect(validateStudySpec(spec, pluginRegistry)).toEqual([]);
    const missing = defineStudy({ id: 's', sites: ['a'], stages: [siteStage('rad', 'features.radiomics', { params: 'nope.yaml' })] });
    expect(() => inlineYamlParams(missing, dir)).toThrow(/nope\.yaml, which does not exist next to the study/);
  });
});

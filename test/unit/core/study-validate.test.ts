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

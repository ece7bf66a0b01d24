import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { InvalidInputError } from '../../../core/errors.js';
import { parseSettingsObject, parseSettingsYaml, settingsFor } from '../../../plugins/radiomics/settings.js';
import { refdataPath } from '../../helpers/refdata.js';
import { existsSync } from 'node:fs';

const example = (f: string) => refdataPath('pyradiomics', 'exampleSettings', f);

describe('PyRadiomics params files', () => {
  it.skipIf(!existsSync(example('exampleCT.yaml')))('reads exampleCT.yaml as is: LoG sigmas, wavelet, 1 mm B-spline resampling, voxelArrayShift', () => {
    const s = parseSettingsYaml(readFileSync(example('exampleCT.yaml'), 'utf8'));
    expect(Object.keys(s.imageType)).toEqual(['Original', 'LoG', 'Wavelet']);
    expect(settingsFor(s, 'LoG').sigma).toEqual([1, 2, 3, 4, 5]);
    expect(s.setting.resampledPixelSpacing).toEqual([1, 1, 1]);
    expect(s.setting.interpolator).toBe('sitkBSpline');
    expect(s.setting.voxelArrayShift).toBe(1000);
    expect(s.setting.padDistance).toBe(10);
    expect(s.featureClass.glcm).toHaveLength(22);
    expect(s.featureClass.shape).toEqual([]);
  });

  it.skipIf(!existsSync(example('Params.yaml')))('reads Params.yaml, where empty values mean None and empty lists mean every feature', () => {
    const s = parseSettingsYaml(readFileSync(example('Params.yaml'), 'utf8'));
    expect(s.setting.resampledPixelSpacing).toBeNull();
    expect(s.setting.weightingNorm).toBeNull();
    expect(s.setting.binWidth).toBe(25);
    expect(s.featureClass.firstorder).toEqual([]);
    expect(s.featureClass.gldm).toEqual([]);
  });

  it('names an unknown setting key in the error', () => {
    expect(() => parseSettingsObject({ setting: { binWdith: 25 } })).toThrow(InvalidInputError);
    expect(() => parseSettingsObject({ setting: { binWdith: 25 } })).toThrow(/binWdith/);
  });

  it('names unknown image types, feature classes, top-level and voxelSetting keys', () => {
    expect(() => parseSettingsObject({ imageType: { Gabor: {} } })).toThrow(/Gabor/);
    expect(() => parseSettingsObject({ featureClass: { glcmm: [] } })).toThrow(/glcmm/);
    expect(() => parseSettingsObject({ settings: {} })).toThrow(/settings/);
    expect(() => parseSettingsObject({ voxelSetting: { kernelRadus: 2 } })).toThrow(/kernelRadus/);
  });

  it('rejects values of the wrong type or range with the key in the message', () => {
    expect(() => parseSettingsObject({ setting: { binWidth: 'wide' } })).toThrow(/binWidth/);
    expect(() => parseSettingsObject({ setting: { binWidth: -1 } })).toThrow(/binWidth/);
    expect(() => parseSettingsObject({ setting: { resegmentMode: 'percent' } })).toThrow(/resegmentMode/);
    expect(() => parseSettingsObject({ setting: { resampledPixelSpacing: [1, 1] } })).toThrow(/resampledPixelSpacing/);
    expect(() => parseSettingsObject({ setting: { interpolator: 'sitkLanczos' } })).toThrow(/interpolator/);
  });

  it('applies per-image-type overrides over the base settings', () => {
    const s = parseSettingsObject({ setting: { binWidth: 25 }, imageType: { Original: {}, LoG: { sigma: [2], binWidth: 5 } } });
    expect(settingsFor(s, 'Original').binWidth).toBe(25);
    expect(settingsFor(s, 'LoG').binWidth).toBe(5);
  });

  it('reports YAML syntax errors as invalid input with the file named', () => {
    expect(() => parseSettingsYaml('setting: [unclosed', 'bad.yaml')).toThrow(/bad\.yaml/);
  });
});

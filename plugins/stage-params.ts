/**
 * Typed params for stage types whose plugin file does not declare them itself: each entry adds the
 * stage type to `StageParamsRegistry`, so `siteStage('rad', 'features.radiomics', {...})` checks its
 * params against the plugin's zod schema in the editor.
 */
import type { z } from 'zod';
import type { radiomicsParams } from './radiomics/plugin.js';
import type { combatParams } from './combat/federated.js';
import type { selectParams } from './select/federated.js';
import type { rfeParams } from './select/rfe-federated.js';
import type { iccParams } from './icc/federated.js';
import type { segmentParams } from './segment-onnx/params.js';
import type { deepFeatureParams } from './deep-features/params.js';

declare module '../core/study.js' {
  interface StageParamsRegistry {
    'features.radiomics': z.input<typeof radiomicsParams>;
    'harmonize.combat': z.input<typeof combatParams>;
    'select.features': z.input<typeof selectParams>;
    'select.rfe': z.input<typeof rfeParams>;
    'reliability.icc': z.input<typeof iccParams>;
    'segment.onnx': z.input<typeof segmentParams>;
    'features.deep': z.input<typeof deepFeatureParams>;
  }
}

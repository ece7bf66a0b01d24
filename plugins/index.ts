/**
 * The built-in stage types, by id. Add a plugin here to make it usable in a study.
 */
import type { Plugin } from '../core/plugin.js';
import inventory from './inventory/plugin.js';
import noop from './noop/plugin.js';
import standardize from './harmonize-standardize/plugin.js';
import trainLogistic from './train/logistic-newton.js';
import siteAuc from './evaluate/site-auc.js';
import segmentOnnx from './segment-onnx/plugin.js';
import deepFeatures from './deep-features/plugin.js';
import combat from './combat/federated.js';
import selectFeatures from './select/federated.js';
import selectRfe from './select/rfe-federated.js';
import radiomics from './radiomics/plugin.js';
import reliabilityIcc from './icc/federated.js';
import reliabilityPerturb from './icc/perturb.js';
import reliabilityIccTable from './icc/table.js';
import imageHarmonize from './image-harmonize/plugin.js';
import imageNyul from './image-harmonize/nyul.js';
import trainLasso from './train/lasso-federated.js';
import evaluateExternal from './evaluate/external-validation-plugin.js';
import reportHtml from './report/report-plugin.js';
import caseFeatures from './train/case-features.js';
import trainMlp from './train/mlp-federated.js';
import evaluateCompare from './evaluate/compare-models-plugin.js';
import explainShap from './evaluate/shap-summary-plugin.js';

export const builtinPlugins: Plugin[] = [
  inventory,
  noop,
  standardize,
  trainLogistic,
  siteAuc,
  segmentOnnx,
  deepFeatures,
  combat,
  selectFeatures,
  selectRfe,
  reliabilityIcc,
  reliabilityPerturb,
  reliabilityIccTable,
  imageHarmonize,
  imageNyul,
  radiomics,
  trainLasso,
  evaluateExternal,
  reportHtml,
  caseFeatures,
  trainMlp,
  evaluateCompare,
  explainShap,
];

// The demo study: three synthetic hospitals, images never leave a site.
import { defineStudy, siteStage, federatedStage } from '../core/study.js';

export default defineStudy({
  id: 'demo',
  sites: ['north', 'south', 'east'],
  stages: [
    siteStage('inventory', 'image.inventory', {}),
    federatedStage('zscore', 'harmonize.standardize', { from: 'inventory', features: '^(mask_volume_mm3|image_max)$' }, { after: ['inventory'] }),
    federatedStage('model', 'train.logistic', { from: 'zscore', label: 'outcome' }, { after: ['zscore'], sites: ['north', 'south'] }),
    federatedStage('validation', 'evaluate.auc', { from: 'zscore', model: 'model', label: 'outcome' }, { after: ['model'] }),
  ],
});

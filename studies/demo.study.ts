// The demo study: three synthetic hospitals; images never leave a site. `npm run demo` runs it.
import { centralStage, defineStudy, federatedStage, siteStage } from '../core/study.js';

const trainingSites = ['north', 'south'];

export default defineStudy({
  id: 'demo',
  sites: ['north', 'south', 'east'],
  stages: [
    // Read every image and mask, check geometry; bad files are quarantined here.
    siteStage('inventory', 'image.inventory', {}),
    // IBSI / PyRadiomics features in each lesion, at each site.
    siteStage('rad', 'features.radiomics', {
      params: {
        setting: { binWidth: 25, label: 1 },
        imageType: { Original: {} },
        featureClass: { firstorder: null, shape: null, glcm: null, glszm: null },
      },
    }, { after: ['inventory'] }),
    // Remove scanner effects across sites from sufficient statistics; age and sex are kept as biology.
    federatedStage('combat', 'harmonize.combat', { from: 'rad', batch: 'site', covariates: ['age', 'sex'], features: '^original_' }, { after: ['rad'] }),
    // Select a few non-redundant, outcome-related features on the training sites only.
    federatedStage('select', 'select.features', { from: 'combat', features: '^original_', outcome: 'outcome', correlationThreshold: 0.9, topK: 4 }, { after: ['combat'], sites: trainingSites }),
    // Exact logistic regression by federated Newton on north and south …
    federatedStage('model', 'train.logistic', { from: 'select', label: 'outcome', features: '^original_' }, { after: ['select'], sites: trainingSites }),
    // … validated at every site (east never saw training): AUC with DeLong CI, calibration, decision curve.
    federatedStage('validation', 'evaluate.external', { from: 'combat', model: 'model', label: 'outcome', bootstrap: 200 }, { after: ['model'] }),
    // One self-contained HTML report at the coordinator.
    centralStage('report', 'report.html', { title: 'cohortflow demo: synthetic three-site radiomics study', model: 'model', validation: 'validation', data: 'inventory', outcome: 'synthetic lesion class' }, { after: ['validation'] }),
  ],
});

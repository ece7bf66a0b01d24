// Hosny et al. 2018 (PLoS Med): 2-year survival of NSCLC from 984 PyRadiomics features at three
// centres. A LASSO logistic is trained at HarvardRT (λ by 10-fold CV, glmnet conventions) and
// validated at Maastro and Moffitt, which never see the training data and return metrics only.
// Site folders: `tsx studies/hosny2018-sites.ts <dir>` writes <dir>/<site>/cases.csv.
// Reference (glmnet + pROC): external AUC Maastro 0.6607 (0.579–0.743), Moffitt 0.5433 (0.449–0.638).
import { centralStage, defineStudy, federatedStage, siteStage } from '../core/study.js';

export default defineStudy({
  id: 'hosny2018',
  sites: ['HarvardRT', 'Maastro', 'Moffitt'],
  stages: [
    // The published feature table: every radiomics column of cases.csv becomes the stage table.
    siteStage('features', 'features.fromCases', { pattern: '^(original|log-sigma-\\d-mm-3D|logarithm|square|squareroot|exponential)_', exclude: ['outcome'] }),
    // LASSO with λ = lambda.min of 10-fold CV (rows dealt round-robin, glmnet's rep(1:10)).
    federatedStage('model', 'train.lasso', { from: 'features', label: 'outcome', lambda: 'lambda.min', nfolds: 10 }, { after: ['features'], sites: ['HarvardRT'] }),
    // External validation: each held-out centre scores itself.
    federatedStage('validation', 'evaluate.external', { from: 'features', model: 'model', label: 'outcome', bootstrap: 500 }, { after: ['model'], sites: ['Maastro', 'Moffitt'] }),
    // SHAP summary of the selected features over every centre's cases (sums only leave a site).
    federatedStage('shap', 'explain.shap', { from: 'features', model: 'model', label: 'outcome' }, { after: ['model'] }),
    centralStage('report', 'report.html', { title: 'Hosny 2018: LASSO radiomics model, external validation', model: 'model', validation: 'validation', shap: 'shap', data: 'features', outcome: '2-year survival' }, { after: ['validation', 'shap'] }),
  ],
});

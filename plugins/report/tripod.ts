/**
 * A TRIPOD-style summary (Collins et al. 2015: transparent reporting of a multivariable
 * prediction model for individual prognosis or diagnosis), filled from what the run knows.
 * Items the run cannot know say so instead of guessing.
 */
import type { ReportData } from './report-data.js';

export function tripodRows(d: ReportData): { item: string; text: string }[] {
  const sums = d.siteSummaries ?? [];
  const train = d.model?.trainingSites ?? sums.filter((s) => s.role === 'training' || s.role === 'both').map((s) => s.site);
  const ext = Object.keys(d.validation ?? {});
  const count = (sites: string[]) => {
    const rows = sums.filter((s) => sites.includes(s.site));
    if (!rows.length) return 'counts not reported';
    const n = rows.reduce((a, s) => a + s.cases, 0);
    const e = rows.every((s) => s.events !== undefined) ? rows.reduce((a, s) => a + (s.events ?? 0), 0) : undefined;
    return `${n} cases${e !== undefined ? `, ${e} events` : ''}`;
  };
  const m = d.model;
  const perf = ext.map((s) => {
    const v = d.validation![s];
    return `${s}: AUC ${v.auc.toFixed(3)} (95% CI ${v.aucCi[0].toFixed(3)}–${v.aucCi[1].toFixed(3)})${v.calibration ? `, calibration slope ${v.calibration.slope.toFixed(2)}, intercept ${v.calibration.intercept.toFixed(2)}` : ''}${v.brier !== undefined ? `, Brier ${v.brier.toFixed(3)}` : ''}`;
  });
  return [
    { item: '4a Source of data', text: `Multi-centre study ${d.study.id}; ${d.study.sites.length} sites (${d.study.sites.join(', ')}); data stayed at each site, only aggregates were exchanged.` },
    { item: '5b Participants', text: `Development: ${train.join(', ') || 'not reported'} (${count(train)}). Validation: ${ext.join(', ') || 'none'} (${count(ext)}).` },
    { item: '6a Outcome', text: d.study.outcome ? `Binary outcome "${d.study.outcome}".` : 'Outcome not named in the run.' },
    { item: '7a Predictors', text: m ? `${m.candidateFeatures ?? 'An unreported number of'} candidate features; ${m.coefficients.length} selected: ${m.coefficients.map((c) => c.feature).join(', ') || 'none'}.` : 'No model in this run.' },
    { item: '8 Sample size', text: `Events per selected predictor in development: ${(() => { const e = sums.filter((s) => train.includes(s.site)).reduce((a, s) => a + (s.events ?? 0), 0); return m?.coefficients.length ? (e / m.coefficients.length).toFixed(1) : 'n/a'; })()}.` },
    { item: '10b Model building', text: m ? `${m.description}${m.lambdaRule ? `; penalty chosen by ${m.lambdaRule}` : ''}${m.lambda !== undefined ? ` (λ = ${m.lambda.toPrecision(4)})` : ''}${m.alpha !== undefined ? `, α = ${m.alpha}` : ''}.` : 'No model in this run.' },
    { item: '10d Performance measures', text: 'Discrimination: AUC with DeLong 95% CI (pROC conventions) and stratified bootstrap CI; calibration: slope, intercept and calibration-in-the-large from logistic recalibration, Brier score, Hosmer–Lemeshow (ResourceSelection grouping, df = g − 2); clinical utility: decision-curve net benefit (dcurves conventions).' },
    { item: '12 Development vs validation', text: ext.length ? `External validation at ${ext.join(', ')}: each site scored its own cases with the frozen model and returned metrics only.` : 'No external validation in this run.' },
    { item: '16 Model performance', text: perf.join('; ') || 'Not available.' },
    { item: '15a Model specification', text: m ? `logit(p) = ${m.intercept !== undefined ? m.intercept.toFixed(4) : 'β₀'}${m.coefficients.map((c) => ` ${c.coefficient >= 0 ? '+' : '−'} ${Math.abs(c.coefficient).toPrecision(4)}·${c.feature}`).join('')}` : 'Not available.' },
  ];
}

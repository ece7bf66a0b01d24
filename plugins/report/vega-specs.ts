/**
 * Vega-Lite specifications of the report's plots, each built from `ReportData` with the data
 * embedded (values, never URLs), so the charts render offline.
 */
import type { ReportData } from './report-data.js';

type Spec = Record<string, unknown>;
const W = 460;
const H = 300;
const base = { $schema: 'https://vega.github.io/schema/vega-lite/v6.json', width: W, height: H, config: { font: 'system-ui, sans-serif' } };
const siteColour = { field: 'site', type: 'nominal', title: 'site' };

export function timingSpec(d: ReportData): Spec | undefined {
  const rows = (d.stages ?? []).flatMap((s) =>
    s.sites.filter((x) => x.startedAt && x.endedAt).map((x) => ({ stage: s.name, site: x.site, start: x.startedAt, end: x.endedAt, seconds: (Date.parse(x.endedAt!) - Date.parse(x.startedAt!)) / 1000 })),
  );
  if (!rows.length) return undefined;
  return {
    ...base, height: Math.max(120, 22 * rows.length),
    title: 'Stage timings per site',
    data: { values: rows },
    mark: { type: 'bar', cornerRadius: 2 },
    encoding: {
      y: { field: 'stage', type: 'nominal', sort: null, title: null },
      yOffset: { field: 'site' },
      x: { field: 'start', type: 'temporal', title: 'time' },
      x2: { field: 'end' },
      color: siteColour,
      tooltip: [{ field: 'stage' }, { field: 'site' }, { field: 'seconds', format: '.1f' }],
    },
  };
}

export function coefficientSpec(d: ReportData): Spec | undefined {
  const c = d.model?.coefficients ?? [];
  if (!c.length) return undefined;
  return {
    ...base, height: Math.max(80, 22 * c.length),
    title: 'Selected features (coefficients, original scale)',
    data: { values: c },
    mark: 'bar',
    encoding: {
      y: { field: 'feature', type: 'nominal', sort: '-x', title: null },
      x: { field: 'coefficient', type: 'quantitative' },
      color: { condition: { test: 'datum.coefficient > 0', value: '#c0504d' }, value: '#4f81bd' },
    },
  };
}

export function cvSpec(d: ReportData): Spec | undefined {
  const cv = d.model?.cv;
  if (!cv?.lambda.length) return undefined;
  const rows = cv.lambda.map((l, k) => ({ logLambda: Math.log(l), cvm: cv.cvm[k], lo: cv.cvm[k] - cv.cvsd[k], hi: cv.cvm[k] + cv.cvsd[k] }));
  const rules = [{ logLambda: Math.log(cv.lambdaMin), which: 'lambda.min' }, { logLambda: Math.log(cv.lambda1se), which: 'lambda.1se' }];
  return {
    ...base, title: 'Cross-validated deviance by log(λ)',
    layer: [
      { data: { values: rows }, mark: { type: 'errorbar' }, encoding: { x: { field: 'logLambda', type: 'quantitative', title: 'log(λ)' }, y: { field: 'lo', type: 'quantitative', title: 'CV deviance', scale: { zero: false } }, y2: { field: 'hi' } } },
      { data: { values: rows }, mark: { type: 'point', filled: true, color: '#c0504d' }, encoding: { x: { field: 'logLambda', type: 'quantitative' }, y: { field: 'cvm', type: 'quantitative' } } },
      { data: { values: rules }, mark: { type: 'rule', strokeDash: [4, 3] }, encoding: { x: { field: 'logLambda', type: 'quantitative' }, tooltip: [{ field: 'which' }] } },
    ],
  };
}

const diagonal = { data: { values: [{ x: 0, y: 0 }, { x: 1, y: 1 }] }, mark: { type: 'line', color: '#999', strokeDash: [4, 4] }, encoding: { x: { field: 'x', type: 'quantitative' }, y: { field: 'y', type: 'quantitative' } } };

export function rocSpec(d: ReportData): Spec | undefined {
  const v = Object.entries(d.validation ?? {});
  const curve = v.flatMap(([site, s]) => (s.roc ?? []).map((p) => ({ site, label: `${site} (AUC ${s.auc.toFixed(3)})`, ...p })));
  if (!curve.length) return undefined;
  const band = v.flatMap(([site, s]) => (s.rocBand ?? []).map((p) => ({ site, label: `${site} (AUC ${s.auc.toFixed(3)})`, ...p })));
  const colour = { field: 'label', type: 'nominal', title: 'external site' };
  return {
    ...base, width: H + 60, height: H + 60, title: 'ROC curves with 95% bootstrap bands',
    layer: [
      ...(band.length ? [{ data: { values: band }, mark: { type: 'area', opacity: 0.18, interpolate: 'step-after' }, encoding: { x: { field: 'fpr', type: 'quantitative', title: '1 − specificity', scale: { domain: [0, 1] } }, y: { field: 'lower', type: 'quantitative', title: 'sensitivity', scale: { domain: [0, 1] } }, y2: { field: 'upper' }, color: colour } }] : []),
      { data: { values: curve }, mark: { type: 'line', interpolate: 'step-after' }, encoding: { x: { field: 'fpr', type: 'quantitative', title: '1 − specificity', scale: { domain: [0, 1] } }, y: { field: 'tpr', type: 'quantitative', title: 'sensitivity', scale: { domain: [0, 1] } }, color: colour, order: { field: 'fpr' } } },
      diagonal,
    ],
  };
}

export function calibrationSpec(d: ReportData): Spec | undefined {
  const rows = Object.entries(d.validation ?? {}).flatMap(([site, s]) => (s.calibrationCurve ?? []).map((p) => ({ site, ...p })));
  if (!rows.length) return undefined;
  return {
    ...base, width: H + 60, height: H + 60, title: 'Calibration (deciles of predicted risk)',
    layer: [
      { data: { values: rows }, mark: { type: 'line', point: true }, encoding: { x: { field: 'predicted', type: 'quantitative', title: 'predicted risk', scale: { domain: [0, 1] } }, y: { field: 'observed', type: 'quantitative', title: 'observed event rate', scale: { domain: [0, 1] } }, color: siteColour } },
      diagonal,
    ],
  };
}

export function decisionCurveSpec(d: ReportData): Spec | undefined {
  const rows = Object.entries(d.validation ?? {}).flatMap(([site, s]) =>
    (s.decisionCurve ?? []).flatMap((p) => [
      { site, strategy: `model · ${site}`, threshold: p.threshold, netBenefit: p.model },
      { site, strategy: `treat all · ${site}`, threshold: p.threshold, netBenefit: p.treatAll },
    ]),
  );
  if (!rows.length) return undefined;
  const top = Math.max(0.05, ...rows.map((r) => r.netBenefit));
  const shown = rows.filter((r) => r.netBenefit >= -top * 0.5);
  return {
    ...base, title: 'Decision curves (net benefit; treat none = 0)',
    layer: [
      { data: { values: shown }, mark: { type: 'line' }, encoding: { x: { field: 'threshold', type: 'quantitative', title: 'threshold probability' }, y: { field: 'netBenefit', type: 'quantitative', title: 'net benefit', scale: { domain: [-top * 0.5, top * 1.05] } }, color: { field: 'strategy', type: 'nominal' }, strokeDash: { condition: { test: "indexof(datum.strategy, 'treat all') === 0", value: [4, 3] }, value: [1, 0] } } },
      { data: { values: [{ y: 0 }] }, mark: { type: 'rule', color: '#333' }, encoding: { y: { field: 'y', type: 'quantitative' } } },
    ],
  };
}

export function shapSpec(d: ReportData): Spec | undefined {
  const s = d.shap ?? [];
  if (!s.length) return undefined;
  return {
    ...base, height: Math.max(80, 22 * s.length), title: 'SHAP summary (mean |φ|, log-odds)',
    data: { values: s },
    mark: 'bar',
    encoding: { y: { field: 'feature', type: 'nominal', sort: '-x', title: null }, x: { field: 'meanAbs', type: 'quantitative', title: 'mean |SHAP value|' }, color: { value: '#8064a2' } },
  };
}

export function harmonizationSpec(d: ReportData): Spec | undefined {
  const h = d.harmonization ?? [];
  if (!h.length) return undefined;
  const rows = h.flatMap((r) => [{ feature: r.feature, when: 'before', value: r.before }, { feature: r.feature, when: 'after', value: r.after }]);
  return {
    ...base, height: Math.max(80, 18 * h.length), title: `Site effect per feature before/after ComBat${h[0].statistic ? ` (${h[0].statistic})` : ''}`,
    data: { values: rows },
    mark: { type: 'point', filled: true },
    encoding: { y: { field: 'feature', type: 'nominal', title: null }, x: { field: 'value', type: 'quantitative' }, color: { field: 'when', type: 'nominal' } },
  };
}

export function iccSpec(d: ReportData): Spec | undefined {
  const v = d.icc ?? [];
  if (!v.length) return undefined;
  return {
    ...base, height: 200, title: 'Feature reliability (ICC)',
    data: { values: v },
    mark: 'bar',
    encoding: { x: { field: 'icc', type: 'quantitative', bin: { extent: [0, 1], step: 0.05 }, title: 'ICC' }, y: { aggregate: 'count', type: 'quantitative', title: 'features' } },
  };
}

export function nomogramSpec(d: ReportData): Spec | undefined {
  const nm = d.nomogram;
  if (!nm?.axes.length) return undefined;
  const rows = [
    ...nm.axes.flatMap((a) => a.ticks.map((t) => ({ axis: a.name, x: t.points, label: t.label }))),
    ...nm.risk.map((r) => ({ axis: 'risk (total points)', x: r.points, label: String(r.risk) })),
  ];
  const order = [...nm.axes.map((a) => a.name), 'risk (total points)'];
  const maxX = Math.max(100, ...rows.map((r) => r.x));
  return {
    ...base, width: 620, height: 40 * order.length, title: `Nomogram (points per unit of linear predictor: ${nm.pointsPerUnit.toFixed(2)})`,
    data: { values: rows },
    encoding: { y: { field: 'axis', type: 'nominal', sort: order, title: null }, x: { field: 'x', type: 'quantitative', title: 'points (risk row: total points)', scale: { domain: [0, maxX] } } },
    layer: [
      { mark: { type: 'tick', thickness: 2, size: 14 } },
      { mark: { type: 'text', dy: -11, fontSize: 9 }, encoding: { text: { field: 'label' } } },
    ],
  };
}

/** Every plot with data, by element id. */
export function reportSpecs(d: ReportData): Record<string, Spec> {
  const all: Record<string, Spec | undefined> = {
    'plot-timings': timingSpec(d),
    'plot-coefficients': coefficientSpec(d),
    'plot-cv': cvSpec(d),
    'plot-roc': rocSpec(d),
    'plot-calibration': calibrationSpec(d),
    'plot-dca': decisionCurveSpec(d),
    'plot-shap': shapSpec(d),
    'plot-nomogram': nomogramSpec(d),
    'plot-harmonization': harmonizationSpec(d),
    'plot-icc': iccSpec(d),
  };
  return Object.fromEntries(Object.entries(all).filter((e): e is [string, Spec] => e[1] !== undefined));
}

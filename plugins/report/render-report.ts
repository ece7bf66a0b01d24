/**
 * `renderReport(data)`: one self-contained HTML file — study DAG, timings, per-site data,
 * selected features, CV curve, ROC curves with CI bands, calibration, decision curves, SHAP,
 * harmonization and reliability when given, validation tables and a TRIPOD-style summary. The
 * Vega bundles and all data are inlined; the page makes no network request.
 */
import type { ReportData, SiteValidation } from './report-data.js';
import { dagSvg } from './dag-svg.js';
import { reportSpecs } from './vega-specs.js';
import { vegaScripts } from './vega-bundles.js';
import { tripodRows } from './tripod.js';

const esc = (s: unknown) => String(s ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
const f = (x: number | undefined, d = 3) => (x === undefined || Number.isNaN(x) ? '—' : x.toFixed(d));
const pv = (p: number | undefined) => (p === undefined ? '—' : p < 0.001 ? p.toExponential(1) : p.toFixed(3));
/** JSON inside a <script> element: `<` escaped so no string can close the element. */
const scriptJson = (v: unknown) => JSON.stringify(v).replace(/</g, '\\u003c');

function table(head: string[], rows: (string | number)[][]): string {
  return `<table><thead><tr>${head.map((h) => `<th>${esc(h)}</th>`).join('')}</tr></thead><tbody>${rows
    .map((r) => `<tr>${r.map((c) => `<td>${typeof c === 'number' ? c : c}</td>`).join('')}</tr>`)
    .join('')}</tbody></table>`;
}

function validationTable(v: Record<string, SiteValidation>): string {
  return table(
    ['site', 'n (events)', 'AUC', 'DeLong 95% CI', 'bootstrap 95% CI', 'Brier', 'cal. slope', 'cal. intercept', 'CITL', 'HL χ² (df), p', 'sens / spec at training threshold'],
    Object.entries(v).map(([site, s]) => [
      esc(site), `${s.n} (${s.events})`, f(s.auc), `${f(s.aucCi[0])}–${f(s.aucCi[1])}`, s.bootstrapCi ? `${f(s.bootstrapCi[0])}–${f(s.bootstrapCi[1])}` : '—',
      f(s.brier), f(s.calibration?.slope), f(s.calibration?.intercept), f(s.calibration?.citl),
      s.hosmerLemeshow ? `${f(s.hosmerLemeshow.statistic, 2)} (${s.hosmerLemeshow.df}), ${pv(s.hosmerLemeshow.pValue)}` : '—',
      s.thresholdMetrics ? `${f(s.thresholdMetrics.sensitivity)} / ${f(s.thresholdMetrics.specificity)}` : '—',
    ]),
  );
}

const plot = (id: string, specs: Record<string, unknown>) => (id in specs ? `<div class="plot" id="${id}"></div>` : '');
const missing = (what: string) => `<p class="missing">No ${esc(what)} in this run.</p>`;

export function renderReport(data: ReportData): string {
  const specs = reportSpecs(data);
  const title = data.study.title ?? `Study ${data.study.id}`;
  const sections: string[] = [];

  sections.push(`<section id="design"><h2>Study design</h2><p>Sites: ${data.study.sites.map(esc).join(', ')}${data.study.outcome ? ` · outcome: ${esc(data.study.outcome)}` : ''}</p>${
    data.stages?.length ? dagSvg(data.stages) : missing('stage graph')}${plot('plot-timings', specs)}</section>`);

  sections.push(`<section id="data"><h2>Data per site</h2>${
    data.siteSummaries?.length
      ? table(
          ['site', 'role', 'cases', 'events', 'event rate', ...[...new Set(data.siteSummaries.flatMap((s) => Object.keys(s.extra ?? {})))].map(esc)],
          data.siteSummaries.map((s) => [
            esc(s.site), esc(s.role ?? ''), s.cases, s.events ?? '—', s.events !== undefined ? f(s.events / s.cases) : '—',
            ...[...new Set(data.siteSummaries!.flatMap((x) => Object.keys(x.extra ?? {})))].map((k) => esc(s.extra?.[k] ?? '')),
          ]),
        )
      : missing('site summaries')}${plot('plot-harmonization', specs)}${plot('plot-icc', specs)}</section>`);

  const m = data.model;
  sections.push(`<section id="model"><h2>Model</h2>${
    m
      ? `<p>${esc(m.description)} trained on ${m.trainingSites.map(esc).join(', ')}${m.lambda !== undefined ? ` · λ = ${m.lambda.toPrecision(4)} (${esc(m.lambdaRule ?? '')})` : ''}${m.alpha !== undefined ? ` · α = ${m.alpha}` : ''}${m.candidateFeatures ? ` · ${m.coefficients.length} of ${m.candidateFeatures} candidate features selected` : ''}.</p>` +
        (m.coefficients.length ? table(['feature', 'coefficient'], [...(m.intercept !== undefined ? [['(intercept)', f(m.intercept, 4)]] : []), ...m.coefficients.map((c) => [esc(c.feature), f(c.coefficient, 4)])]) : '<p>No feature was selected (intercept-only model).</p>') +
        plot('plot-coefficients', specs) + plot('plot-cv', specs) + plot('plot-nomogram', specs)
      : missing('model')}</section>`);

  const v = data.validation ?? {};
  sections.push(`<section id="validation"><h2>External validation</h2>${
    Object.keys(v).length ? validationTable(v) + plot('plot-roc', specs) + plot('plot-calibration', specs) + plot('plot-dca', specs) : missing('external validation')}${
    data.comparisons?.length ? `<h3>Paired DeLong tests</h3>${table(['site', 'A', 'B', 'ΔAUC', 'Z', 'p'], data.comparisons.map((c) => [esc(c.site), esc(c.a), esc(c.b), f(c.difference), f(c.z, 2), pv(c.pValue)]))}` : ''}</section>`);

  sections.push(`<section id="explain"><h2>Explanation</h2>${data.shap?.length ? plot('plot-shap', specs) : missing('SHAP summary')}</section>`);

  sections.push(`<section id="tripod"><h2>TRIPOD summary</h2>${table(['item', 'report'], tripodRows(data).map((r) => [esc(r.item), esc(r.text)]))}</section>`);
  if (data.notes?.length) sections.push(`<section id="notes"><h2>Notes</h2><ul>${data.notes.map((n) => `<li>${esc(n)}</li>`).join('')}</ul></section>`);

  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'unsafe-inline' 'unsafe-eval'; style-src 'unsafe-inline'; img-src data:">
<title>${esc(title)}</title>
<style>
body{font-family:system-ui,sans-serif;margin:2rem auto;max-width:1100px;color:#222;padding:0 1rem}
h1{margin-bottom:.2rem}.meta{color:#666;margin-top:0}section{margin:2rem 0}
table{border-collapse:collapse;margin:.8rem 0;font-size:.9rem}th,td{border:1px solid #ccc;padding:.3rem .5rem;text-align:left}th{background:#f3f3f3}
.plot{margin:1rem 0;min-height:60px}.missing{color:#888;font-style:italic}svg.dag{max-width:100%;height:auto}
</style></head><body>
<h1>${esc(title)}</h1>
<p class="meta">study ${esc(data.study.id)}${data.study.runId ? ` · run ${esc(data.study.runId)}` : ''} · generated ${esc(data.study.generatedAt)}</p>
${sections.join('\n')}
<script id="report-specs" type="application/json">${scriptJson(specs)}</script>
<script>${vegaScripts()}</script>
<script>
(function () {
  var specs = JSON.parse(document.getElementById('report-specs').textContent);
  var ids = Object.keys(specs);
  window.__report = { total: ids.length, rendered: 0, errors: [] };
  Promise.all(ids.map(function (id) {
    return vegaEmbed('#' + id, specs[id], { renderer: 'svg', actions: false })
      .then(function () { window.__report.rendered++; })
      .catch(function (e) { window.__report.errors.push(id + ': ' + e); console.error('plot ' + id + ' failed: ' + e); });
  })).then(function () { document.body.setAttribute('data-rendered', String(window.__report.rendered)); });
})();
</script>
</body></html>
`;
}

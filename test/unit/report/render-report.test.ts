import { describe, expect, it } from 'vitest';
import { renderReport } from '../../../plugins/report/render-report.js';
import { reportSpecs } from '../../../plugins/report/vega-specs.js';
import { tripodRows } from '../../../plugins/report/tripod.js';
import { buildFixtureReport } from './report-fixture.js';

describe('renderReport', () => {
  const data = buildFixtureReport();
  const html = renderReport(data);

  it('is one self-contained file that references nothing on the network', () => {
    // Outside the inlined bundles, no src/href may point anywhere; the CSP forbids fetching.
    const body = html.slice(0, html.indexOf('<script id="report-specs"'));
    expect(body).not.toMatch(/\s(src|href)=["']?https?:/i);
    expect(html).toContain("default-src 'none'");
    expect(html).toContain('vegaEmbed');
    expect(html.length).toBeGreaterThan(500_000);
  });

  it('has every section, a plot container per spec, and escapes user text', () => {
    for (const id of ['design', 'data', 'model', 'validation', 'explain', 'tripod']) expect(html).toContain(`<section id="${id}">`);
    const specs = reportSpecs(data);
    expect(Object.keys(specs).sort()).toEqual(['plot-calibration', 'plot-coefficients', 'plot-cv', 'plot-dca', 'plot-harmonization', 'plot-icc', 'plot-nomogram', 'plot-roc', 'plot-shap', 'plot-timings']);
    for (const id of Object.keys(specs)) expect(html).toContain(`<div class="plot" id="${id}"></div>`);
    expect(html).toContain('Fixture study &lt;report test&gt;');
    expect(html).not.toContain('Fixture study <report test>');
  });

  it('fills the TRIPOD table from the run, with the validation AUCs and the model formula', () => {
    const rows = tripodRows(data);
    const perf = rows.find((r) => r.item.startsWith('16'))!.text;
    expect(perf).toContain(`south: AUC ${data.validation!.south.auc.toFixed(3)}`);
    expect(rows.find((r) => r.item.startsWith('15a'))!.text).toMatch(/^logit\(p\) = /);
  });

  it('leaves out sections without data instead of drawing them empty', () => {
    const bare = renderReport({ study: { id: 'x', generatedAt: '2026-01-01T00:00:00Z', sites: ['a'] } });
    expect(bare).toContain('No external validation in this run.');
    expect(bare).not.toContain('class="plot"');
  });
});

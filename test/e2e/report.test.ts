import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { renderReport } from '../../plugins/report/render-report.js';
import { reportSpecs } from '../../plugins/report/vega-specs.js';
import { buildFixtureReport } from '../unit/report/report-fixture.js';
import { expectPlotsRendered, haveChromium, inkFraction, launchChromium, openReport } from '../helpers/chromium.js';

describe.skipIf(!haveChromium)('the study report in headless Chromium', () => {
  it('opens with no console errors, no network request, and every plot rendered', { timeout: 120_000 }, async () => {
    const data = buildFixtureReport();
    const dir = mkdtempSync(join(tmpdir(), 'cohortflow-report-'));
    const file = join(dir, 'report.html');
    writeFileSync(file, renderReport(data));
    const browser = await launchChromium();
    try {
      const { page, errors, requests, report } = await openReport(browser, file);
      const ids = Object.keys(reportSpecs(data));
      expect(report.errors).toEqual([]);
      expect(report.rendered).toBe(ids.length);
      expect(errors).toEqual([]);
      expect(requests).toEqual([]);
      await expectPlotsRendered(page, ids);
      const dag = await page.locator('svg.dag').screenshot();
      expect(inkFraction(dag)).toBeGreaterThan(0.01);
      const full = await page.screenshot({ fullPage: true });
      writeFileSync(join(dir, 'report.png'), full);
      expect(inkFraction(full)).toBeGreaterThan(0.01);
    } finally {
      await browser.close();
    }
  });
});

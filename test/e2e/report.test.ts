import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inflateSync } from 'node:zlib';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { chromium } from 'playwright-core';
import { renderReport } from '../../plugins/report/render-report.js';
import { reportSpecs } from '../../plugins/report/vega-specs.js';
import { buildFixtureReport } from '../unit/report/report-fixture.js';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const haveChromium = existsSync(CHROMIUM);
if (!haveChromium) console.warn(`[e2e] skipped: no Chromium at ${CHROMIUM} (apt-get install -y chromium, or set CHROMIUM_PATH)`);

/** Fraction of pixels that are not (near) white in a PNG screenshot: a minimal PNG decoder. */
function inkFraction(png: Buffer): number {
  let off = 8;
  let width = 0, height = 0, colorType = 0;
  const idat: Buffer[] = [];
  while (off < png.length) {
    const len = png.readUInt32BE(off);
    const type = png.toString('ascii', off + 4, off + 8);
    const data = png.subarray(off + 8, off + 8 + len);
    if (type === 'IHDR') {
      width = data.readUInt32BE(0);
      height = data.readUInt32BE(4);
      colorType = data[9];
      if (data[8] !== 8) throw new Error('only 8-bit PNGs');
    } else if (type === 'IDAT') idat.push(data);
    off += 12 + len;
  }
  const bpp = colorType === 6 ? 4 : colorType === 2 ? 3 : 1;
  const raw = inflateSync(Buffer.concat(idat));
  const stride = width * bpp;
  const out = Buffer.alloc(height * stride);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)];
    for (let x = 0; x < stride; x++) {
      const v = raw[y * (stride + 1) + 1 + x];
      const a = x >= bpp ? out[y * stride + x - bpp] : 0;
      const b = y > 0 ? out[(y - 1) * stride + x] : 0;
      const c = x >= bpp && y > 0 ? out[(y - 1) * stride + x - bpp] : 0;
      const p = a + b - c;
      const pa = Math.abs(p - a), pb = Math.abs(p - b), pc = Math.abs(p - c);
      const pred = filter === 0 ? 0 : filter === 1 ? a : filter === 2 ? b : filter === 3 ? (a + b) >> 1 : pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
      out[y * stride + x] = (v + pred) & 255;
    }
  }
  let ink = 0;
  for (let i = 0; i < width * height; i++) {
    const px = out.subarray(i * bpp, i * bpp + Math.min(3, bpp));
    if (px.some((v) => v < 235)) ink++;
  }
  return ink / (width * height);
}

describe.skipIf(!haveChromium)('the study report in headless Chromium', () => {
  it('opens with no console errors, no network request, and every plot rendered', { timeout: 120_000 }, async () => {
    const data = buildFixtureReport();
    const dir = mkdtempSync(join(tmpdir(), 'cohortflow-report-'));
    const file = join(dir, 'report.html');
    writeFileSync(file, renderReport(data));
    const browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    });
    try {
      const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
      const errors: string[] = [];
      const requests: string[] = [];
      page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
      page.on('pageerror', (e) => errors.push(String(e)));
      page.on('request', (r) => !r.url().startsWith('file:') && !r.url().startsWith('data:') && requests.push(r.url()));
      await page.goto(pathToFileURL(file).href);
      await page.waitForSelector('body[data-rendered]', { timeout: 60_000 });
      const report = await page.evaluate(() => (window as unknown as { __report: { total: number; rendered: number; errors: string[] } }).__report);
      const ids = Object.keys(reportSpecs(data));
      expect(report.errors).toEqual([]);
      expect(report.rendered).toBe(ids.length);
      expect(errors).toEqual([]);
      expect(requests).toEqual([]);
      for (const id of ids) {
        const marks = await page.locator(`#${id} svg .mark-line path, #${id} svg .mark-rect path, #${id} svg .mark-area path, #${id} svg .mark-symbol path, #${id} svg .mark-rule line, #${id} svg .mark-tick path, #${id} svg .mark-text text`).count();
        expect(marks, `${id} has drawn marks`).toBeGreaterThan(0);
        const shot = await page.locator(`#${id}`).screenshot();
        expect(inkFraction(shot), `${id} screenshot is not blank`).toBeGreaterThan(0.01);
      }
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

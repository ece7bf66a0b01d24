/**
 * Headless Chromium for the report tests: where Chromium is, how to launch it with no network
 * side traffic, a page that records console errors and non-file requests, a minimal PNG decoder
 * that measures how much of a screenshot is not white, and the per-plot check (drawn marks and a
 * non-blank screenshot for each Vega plot).
 */
import { existsSync } from 'node:fs';
import { inflateSync } from 'node:zlib';
import { pathToFileURL } from 'node:url';
import { expect } from 'vitest';
import { chromium, type Browser, type Page } from 'playwright-core';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const haveChromium = existsSync(CHROMIUM);
if (!haveChromium) console.warn(`[e2e] skipped: no Chromium at ${CHROMIUM} (apt-get install -y chromium, or set CHROMIUM_PATH)`);

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
}

export interface ReportPage {
  page: Page;
  /** Console errors and uncaught page errors. */
  errors: string[];
  /** Every request whose URL is neither file: nor data:. */
  requests: string[];
  /** What the report's own script recorded (`window.__report`). */
  report: { total: number; rendered: number; errors: string[] };
}

/** Opens a report.html and waits until its script has tried every plot. */
export async function openReport(browser: Browser, file: string): Promise<ReportPage> {
  const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
  const errors: string[] = [];
  const requests: string[] = [];
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('request', (r) => !r.url().startsWith('file:') && !r.url().startsWith('data:') && requests.push(r.url()));
  await page.goto(pathToFileURL(file).href);
  await page.waitForSelector('body[data-rendered]', { timeout: 60_000 });
  const report = await page.evaluate(() => (window as unknown as { __report: { total: number; rendered: number; errors: string[] } }).__report);
  return { page, errors, requests, report };
}

/** Fraction of pixels that are not (near) white in a PNG screenshot: a minimal PNG decoder. */
export function inkFraction(png: Buffer): number {
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

/** Each plot id has drawn Vega marks in its SVG and a screenshot with more than 1% ink. */
export async function expectPlotsRendered(page: Page, ids: string[]): Promise<void> {
  for (const id of ids) {
    const marks = await page.locator(`#${id} svg .mark-line path, #${id} svg .mark-rect path, #${id} svg .mark-area path, #${id} svg .mark-symbol path, #${id} svg .mark-rule line, #${id} svg .mark-tick path, #${id} svg .mark-text text`).count();
    expect(marks, `${id} has drawn marks`).toBeGreaterThan(0);
    const shot = await page.locator(`#${id}`).screenshot();
    expect(inkFraction(shot), `${id} screenshot is not blank`).toBeGreaterThan(0.01);
  }
}

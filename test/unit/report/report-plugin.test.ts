import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { pino } from 'pino';
import report, { buildReportData, reportParams } from '../../../plugins/report/report-plugin.js';
import type { CentralContext } from '../../../core/plugin.js';
import type { RunStatus } from '../../../core/run-status.js';
import { buildFixtureReport } from './report-fixture.js';
import { readParquet } from '../../../core/tables/parquet.js';

describe('report.html stage', () => {
  const fixture = buildFixtureReport();
  const site = (total: number, startedAt: string, endedAt: string) => ({ state: 'done' as const, done: total, total, quarantined: 0, attempts: 1, startedAt, endedAt });
  const status: RunStatus = {
    studyId: 'fixture', runId: 'r7', state: 'running', paused: false, startedAt: '2026-01-01T10:00:00Z',
    stages: [
      { name: 'rad', kind: 'site', type: 'features.fromCases', after: [], state: 'done', sites: { north: site(220, '2026-01-01T10:00:00Z', '2026-01-01T10:00:05Z'), south: site(160, '2026-01-01T10:00:00Z', '2026-01-01T10:00:04Z'), east: site(140, '2026-01-01T10:00:01Z', '2026-01-01T10:00:03Z') } },
      { name: 'model', kind: 'federated', type: 'train.lasso', after: ['rad'], state: 'done', sites: { north: site(220, '2026-01-01T10:00:05Z', '2026-01-01T10:00:09Z') } },
      { name: 'validation', kind: 'federated', type: 'evaluate.external', after: ['model'], state: 'done', sites: { south: site(160, '2026-01-01T10:00:09Z', '2026-01-01T10:00:10Z'), east: site(140, '2026-01-01T10:00:09Z', '2026-01-01T10:00:11Z') } },
      { name: 'report', kind: 'central', type: 'report.html', after: ['validation'], state: 'running', sites: {}, startedAt: '2026-01-01T10:00:11Z' },
    ],
  };
  const m = fixture.model!;
  const features = ['original_firstorder_F0', 'original_firstorder_F1', 'original_firstorder_F2', 'original_firstorder_F3'];
  const coef = (f: string) => m.coefficients.find((c) => c.feature === f)?.coefficient ?? 0;
  const globals: Record<string, unknown> = {
    model: { features, beta: [m.intercept!, ...features.map(coef)], lambda: m.lambda, lambdaRule: m.lambdaRule, alpha: 1, cv: m.cv },
    validation: { sites: fixture.validation },
  };
  const ctx = (outputDir: string): CentralContext => ({
    stage: 'report', outputDir, status, log: pino({ level: 'silent' }),
    global: (s) => globals[s],
    siteSummaries: (s) => (s === 'rad' ? { north: { cases: 220, committed: 220 }, south: { cases: 160, committed: 160 }, east: { cases: 140, committed: 140 } } : {}),
  });

  it('gathers the run status, the model and the external validation into ReportData', () => {
    const params = reportParams.parse({ model: 'model', validation: 'validation', outcome: 'outcome' });
    const d = buildReportData(ctx('/nonexistent'), params, new Date('2026-01-01T10:00:12Z'));
    expect(d.study).toMatchObject({ id: 'fixture', runId: 'r7', sites: ['north', 'south', 'east'] });
    expect(d.stages!.map((s) => s.name)).toEqual(['rad', 'model', 'validation', 'report']);
    expect(d.stages![3].sites).toEqual([{ site: 'coordinator', state: 'running', startedAt: '2026-01-01T10:00:11Z', endedAt: undefined }]);
    expect(d.model!.trainingSites).toEqual(['north']);
    expect(d.model!.description).toMatch(/^LASSO/);
    expect(d.model!.coefficients.map((c) => c.feature)).toEqual(features.filter((f) => coef(f) !== 0));
    expect(d.validation!.south.auc).toBe(fixture.validation!.south.auc);
    expect(d.siteSummaries!.map((s) => [s.site, s.role, s.cases])).toEqual([['north', 'training', 220], ['south', 'external', 160], ['east', 'external', 140]]);
  });

  it('writes report.html, report-data.json and the tables as Parquet into the stage directory', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'report-stage-'));
    const out = await report.run(ctx(dir), reportParams.parse({ model: 'model', validation: 'validation' }));
    expect(out.path).toBe(join(dir, 'report.html'));
    expect(readFileSync(join(dir, 'report.html'), 'utf8')).toContain('<section id="validation">');
    expect(JSON.parse(readFileSync(join(dir, 'report-data.json'), 'utf8')).study.runId).toBe('r7');
    const v = readParquet(join(dir, 'validation.parquet'));
    expect(v.columns.site).toEqual(['south', 'east']);
    expect((v.columns.auc as Float64Array)[0]).toBe(fixture.validation!.south.auc);
    expect(readParquet(join(dir, 'coefficients.parquet')).columns.feature[0]).toBe('(intercept)');
  });
});

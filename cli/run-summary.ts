/** What a finished run prints: the status table, AUCs per site, where artifacts and the UI are. */
import type { StudyResult } from '../core/run-status.js';
import { renderStatus } from './status-table.js';

interface AucGlobal { sites: Record<string, { auc: number; ci: [number, number]; cases: number; controls: number }> }

export function renderRunSummary(result: StudyResult, where: { storeRoot?: string; uiUrl?: string; namespace?: string }): string {
  const lines = [renderStatus(result.status), ''];
  for (const [stage, g] of Object.entries(result.globals)) {
    const sites = (g as AucGlobal | undefined)?.sites;
    if (!sites || typeof sites !== 'object') continue;
    lines.push(`${stage}: AUC per site (DeLong 95% CI)`);
    for (const [site, a] of Object.entries(sites)) {
      if (typeof a?.auc !== 'number') continue;
      lines.push(`  ${site.padEnd(10)} ${a.auc.toFixed(3)}  [${a.ci[0].toFixed(3)}, ${a.ci[1].toFixed(3)}]  ${a.cases} events / ${a.cases + a.controls} cases`);
    }
    lines.push('');
  }
  if (where.storeRoot) lines.push(`Artifacts: ${where.storeRoot}/<site>/${result.status.studyId}/${result.status.runId}/<stage>/ (Parquet tables, manifest.json, egress.jsonl)`);
  if (where.uiUrl) lines.push(`Temporal Web UI: ${where.uiUrl}/namespaces/${where.namespace ?? 'default'}/workflows`);
  return lines.join('\n');
}

/** What a finished run prints: the status table, AUCs per site, where artifacts and the UI are. */
import type { StudyResult } from '../core/run-status.js';
import type { SiteAuc } from '../plugins/evaluate/site-auc.js';
import { renderStatus } from './status-table.js';

/** evaluate.auc and evaluate.external globals: per-site AUCs. */
interface AucGlobal { sites: Record<string, SiteAuc> }

export function renderRunSummary(result: StudyResult, where: { storeRoot?: string; uiUrl?: string; namespace?: string }): string {
  const lines = [renderStatus(result.status), ''];
  for (const [stage, g] of Object.entries(result.globals)) {
    const sites = (g as AucGlobal | undefined)?.sites;
    if (!sites || typeof sites !== 'object') continue;
    lines.push(`${stage}: AUC per site (DeLong 95% CI)`);
    for (const [site, a] of Object.entries(sites)) {
      if (typeof a?.auc !== 'number') continue;
      lines.push(`  ${site.padEnd(10)} ${a.auc.toFixed(3)}  [${a.aucCi[0].toFixed(3)}, ${a.aucCi[1].toFixed(3)}]  ${a.events} events / ${a.n} cases`);
    }
    lines.push('');
  }
  for (const [stage, g] of Object.entries(result.globals)) {
    const path = (g as { path?: unknown } | undefined)?.path;
    if (typeof path === 'string' && path.endsWith('.html')) lines.push(`Report (${stage}): ${path}`);
  }
  if (where.storeRoot) lines.push(`Artifacts: ${where.storeRoot}/<site>/${result.status.studyId}/${result.status.runId}/<stage>/ (Parquet tables, manifest.json, egress.jsonl)`);
  if (where.uiUrl) lines.push(`Temporal Web UI: ${where.uiUrl}/namespaces/${where.namespace ?? 'default'}/workflows`);
  return lines.join('\n');
}

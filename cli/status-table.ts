/** Renders a run's status as a table: stage × site, state, cases done/total, attempts, duration. */
import type { RunStatus, SiteProgress, StageStatus } from '../core/run-status.js';

function duration(start?: string, end?: string): string {
  if (!start) return '';
  const s = ((end ? Date.parse(end) : Date.now()) - Date.parse(start)) / 1000;
  return s < 60 ? `${s.toFixed(1)}s` : `${Math.floor(s / 60)}m${Math.round(s % 60)}s`;
}

function bar(done: number, total: number, width = 12): string {
  if (!total) return ' '.repeat(width);
  const filled = Math.round((done / total) * width);
  return '█'.repeat(filled) + '░'.repeat(width - filled);
}

function rows(st: StageStatus): string[][] {
  const sites = Object.entries(st.sites);
  if (sites.length === 0) return [[st.name, st.kind, '—', st.state, '', '', '', duration(st.startedAt, st.endedAt)]];
  return sites.map(([site, p]: [string, SiteProgress]) => [
    st.name, st.kind + (st.round !== undefined ? ` r${st.round + 1}` : ''), site, p.state,
    st.kind === 'site' ? `${bar(p.done, p.total)} ${p.done}/${p.total}` : p.total ? `n=${p.total}` : '',
    p.quarantined ? String(p.quarantined) : '', p.attempts ? String(p.attempts) : '', duration(p.startedAt ?? st.startedAt, p.endedAt ?? st.endedAt),
  ]);
}

export function renderStatus(s: RunStatus): string {
  const header = ['stage', 'kind', 'site', 'state', 'cases', 'quarantined', 'attempts', 'duration'];
  const body = s.stages.flatMap(rows);
  const widths = header.map((h, j) => Math.max(h.length, ...body.map((r) => [...r[j]].length)));
  const line = (r: string[]) => r.map((c, j) => c + ' '.repeat(widths[j] - [...c].length)).join('  ').trimEnd();
  const errors = s.stages.filter((st) => st.error).map((st) => `  ${st.name}: ${st.error}`);
  return [
    `study ${s.studyId}  run ${s.runId}  ${s.state}${s.paused ? ' (paused)' : ''}  ${duration(s.startedAt, s.endedAt)}`,
    line(header), line(widths.map((w) => '─'.repeat(w))), ...body.map(line),
    ...(errors.length ? ['errors:', ...errors] : []),
  ].join('\n');
}

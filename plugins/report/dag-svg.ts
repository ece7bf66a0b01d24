/**
 * The study DAG as a static SVG: stages in layers by longest path from a source, edges as
 * curves, each box coloured by the stage's state. Drawn here rather than by Vega so the picture
 * needs no layout engine.
 */
import type { ReportStage } from './report-data.js';

const esc = (s: string) => s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);

const STATE_COLOURS: Record<string, string> = { done: '#d8f0d8', cached: '#e0ecf8', running: '#fff3c4', failed: '#f8d0d0', pending: '#eeeeee', skipped: '#f4f4f4', cancelled: '#f4e0e0' };

export function dagSvg(stages: ReportStage[]): string {
  const byName = new Map(stages.map((s) => [s.name, s]));
  const depth = new Map<string, number>();
  const depthOf = (name: string, seen = new Set<string>()): number => {
    if (depth.has(name)) return depth.get(name)!;
    if (seen.has(name)) return 0;
    seen.add(name);
    const s = byName.get(name);
    const d = s && s.after.length ? 1 + Math.max(...s.after.filter((a) => byName.has(a)).map((a) => depthOf(a, seen)), -1) : 0;
    depth.set(name, d);
    return d;
  };
  stages.forEach((s) => depthOf(s.name));
  const layers: string[][] = [];
  for (const s of stages) (layers[depth.get(s.name)!] ??= []).push(s.name);
  const W = 170, H = 46, GX = 60, GY = 20;
  const pos = new Map<string, { x: number; y: number }>();
  layers.forEach((names, d) => names.forEach((n, k) => pos.set(n, { x: 10 + d * (W + GX), y: 10 + k * (H + GY) })));
  const width = 20 + layers.length * (W + GX) - GX;
  const height = 20 + Math.max(1, ...layers.map((l) => l.length)) * (H + GY) - GY;
  const edges = stages.flatMap((s) =>
    s.after.filter((a) => pos.has(a)).map((a) => {
      const p = pos.get(a)!, q = pos.get(s.name)!;
      const x1 = p.x + W, y1 = p.y + H / 2, x2 = q.x, y2 = q.y + H / 2, mx = (x1 + x2) / 2;
      return `<path d="M${x1},${y1} C${mx},${y1} ${mx},${y2} ${x2 - 6},${y2}" fill="none" stroke="#667" stroke-width="1.4" marker-end="url(#arrow)"/>`;
    }),
  );
  const boxes = stages.map((s) => {
    const { x, y } = pos.get(s.name)!;
    const fill = STATE_COLOURS[s.state ?? 'pending'] ?? '#eeeeee';
    return `<g><rect x="${x}" y="${y}" width="${W}" height="${H}" rx="6" fill="${fill}" stroke="#556"/>` +
      `<text x="${x + 8}" y="${y + 19}" font-size="13" font-weight="600">${esc(s.name)}</text>` +
      `<text x="${x + 8}" y="${y + 36}" font-size="11" fill="#445">${esc(s.type)} · ${s.kind}${s.state ? ' · ' + esc(s.state) : ''}</text></g>`;
  });
  return `<svg class="dag" xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-label="study DAG">` +
    `<defs><marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto"><path d="M0,0 L10,5 L0,10 z" fill="#667"/></marker></defs>` +
    edges.join('') + boxes.join('') + '</svg>';
}

/**
 * The browser builds of vega, vega-lite and vega-embed, read from node_modules so the report
 * can inline them: the HTML then needs no network (hospital networks often have none).
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

let cached: string | undefined;

/** node_modules/<pkg>/build/<file>, found by walking up from this file (the packages' exports hide package.json). */
function bundle(pkg: string, file: string): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const candidate = join(dir, 'node_modules', pkg, 'build', file);
    if (existsSync(candidate)) return readFileSync(candidate, 'utf8');
    const up = resolve(dir, '..');
    if (up === dir) throw new Error(`cannot find ${pkg}/build/${file} in any node_modules above ${fileURLToPath(import.meta.url)}`);
    dir = up;
  }
}

/** The three bundles as one script body, safe to place inside a <script> element. */
export function vegaScripts(): string {
  cached ??= [bundle('vega', 'vega.min.js'), bundle('vega-lite', 'vega-lite.min.js'), bundle('vega-embed', 'vega-embed.min.js')]
    .map((s) => s.replace(/<\/script/gi, '<\\/script'))
    .join('\n;\n');
  return cached;
}

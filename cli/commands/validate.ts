/** `cohortflow validate <study> [--site <name=dir> ...]`: every problem of a study and its sites at once. */
import type { Command } from 'commander';
import { basename, resolve } from 'node:path';
import { loadStudy } from '../study-loader.js';
import { validateStudySpec, type Problem } from '../../core/study-validate.js';
import { validateSiteData } from '../../core/site-validate.js';
import { pluginRegistry } from '../../activities/plugin-registry.js';

export function register(program: Command): void {
  program
    .command('validate <study>')
    .description('check a study file and, with --site, each site\'s data; prints every problem at once')
    .option('--site <name=dir>', 'a site data folder to check (repeatable); name defaults to the folder name', (v: string, acc: string[]) => [...acc, v], [] as string[])
    .action(async (studyPath: string, o: { site: string[] }) => {
      const spec = await loadStudy(studyPath);
      const problems: Problem[] = validateStudySpec(spec, pluginRegistry);
      for (const s of o.site) {
        const [name, dir] = s.includes('=') ? s.split('=', 2) : [basename(resolve(s)), s];
        if (!spec.sites.includes(name)) problems.push({ where: `site ${name}`, message: `the study has no site "${name}" (its sites: ${spec.sites.join(', ')})` });
        problems.push(...(await validateSiteData(name, resolve(dir), {
          onCase: (d, t) => process.stderr.write(`\rchecking site ${name}: ${d}/${t} cases`),
        })));
        process.stderr.write('\n');
      }
      if (problems.length === 0) {
        console.log(`study ${spec.id}: OK (${spec.stages.length} stages, ${spec.sites.length} sites${o.site.length ? `, ${o.site.length} site folders checked` : ''})`);
        return;
      }
      console.log(`study ${spec.id}: ${problems.length} problem${problems.length > 1 ? 's' : ''}`);
      for (const p of problems) console.log(`  - ${p.where}: ${p.message}`);
      process.exitCode = 1;
    });
}

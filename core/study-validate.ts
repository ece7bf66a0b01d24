/**
 * Checks a StudySpec against the known plugins and reports every problem at once: duplicate or
 * unknown stage names, cycles, unknown plugin ids, kind mismatches, bad params (path + expected
 * type), unknown sites.
 */
import type { Plugin } from './plugin.js';
import type { StudySpec } from './study.js';
import { StudyValidationError } from './errors.js';

export interface Problem {
  where: string;
  message: string;
}

export function validateStudySpec(spec: StudySpec, plugins: ReadonlyMap<string, Plugin>): Problem[] {
  const problems: Problem[] = [];
  const add = (where: string, message: string) => problems.push({ where, message });
  if (!/^[a-zA-Z0-9_-]+$/.test(spec.id)) add('id', `study id "${spec.id}" may hold only letters, digits, _ and -`);
  if (spec.sites.length === 0) add('sites', 'a study needs at least one site');
  for (const site of spec.sites) if (!/^[a-zA-Z0-9_-]+$/.test(site)) add('sites', `site id "${site}" may hold only letters, digits, _ and -`);
  const names = new Set<string>();
  for (const s of spec.stages) {
    const at = `stage ${s.name}`;
    if (names.has(s.name)) add(at, `the stage name "${s.name}" is used twice`);
    names.add(s.name);
    if (!/^[a-zA-Z0-9_-]+$/.test(s.name)) add(at, 'stage names may hold only letters, digits, _ and -');
    const plugin = plugins.get(s.type);
    if (!plugin) {
      add(at, `unknown stage type "${s.type}"; known types: ${[...plugins.keys()].sort().join(', ')}`);
    } else {
      if (plugin.kind !== s.kind) add(at, `"${s.type}" is a ${plugin.kind} stage type, but the study declares it with ${s.kind}Stage()`);
      const parsed = plugin.params.safeParse(s.params);
      if (!parsed.success) {
        for (const issue of parsed.error.issues) {
          add(`${at}, params${issue.path.length ? '.' + issue.path.join('.') : ''}`, issue.message);
        }
      }
    }
    for (const site of s.sites ?? []) if (!spec.sites.includes(site)) add(at, `unknown site "${site}"; the study's sites are ${spec.sites.join(', ')}`);
    if (s.kind !== 'site' && s.device !== 'cpu') add(at, 'only site stages can ask for a GPU device');
  }
  for (const s of spec.stages) {
    for (const dep of s.after) if (!names.has(dep)) add(`stage ${s.name}`, `"after" names an unknown stage "${dep}"`);
  }
  const cycle = findCycle(spec);
  if (cycle) add('stages', `the stages form a cycle: ${cycle.join(' → ')}`);
  return problems;
}

function findCycle(spec: StudySpec): string[] | null {
  const deps = new Map(spec.stages.map((s) => [s.name, s.after]));
  const state = new Map<string, 'visiting' | 'done'>();
  const stack: string[] = [];
  const visit = (n: string): string[] | null => {
    if (state.get(n) === 'done') return null;
    if (state.get(n) === 'visiting') return [...stack.slice(stack.indexOf(n)), n];
    state.set(n, 'visiting');
    stack.push(n);
    for (const d of deps.get(n) ?? []) {
      if (!deps.has(d)) continue;
      const c = visit(d);
      if (c) return c;
    }
    stack.pop();
    state.set(n, 'done');
    return null;
  };
  for (const n of deps.keys()) {
    const c = visit(n);
    if (c) return c.reverse();
  }
  return null;
}

/** Throws one StudyValidationError that lists every problem. */
export function assertValidStudy(spec: StudySpec, plugins: ReadonlyMap<string, Plugin>): void {
  const problems = validateStudySpec(spec, plugins);
  if (problems.length) {
    throw new StudyValidationError(
      `study ${spec.id} has ${problems.length} problem${problems.length > 1 ? 's' : ''}:\n` + problems.map((p) => `  - ${p.where}: ${p.message}`).join('\n'),
      {},
      'Fix them in the study file and run `cohortflow validate` again',
    );
  }
}

/**
 * Test fixtures: in-memory site contexts for federated plugins, a driver that runs a federated
 * plugin's rounds directly (no Temporal), the Hosny 2018 table and seeded synthetic data.
 */
import { readFileSync } from 'node:fs';
import { pino } from 'pino';
import type { FederatedPlugin, Partial, SiteTableContext } from '../../../core/plugin.js';
import type { Column, Table } from '../../../core/tables/table.js';
import { refdataPath } from '../../helpers/refdata.js';

export function siteContext(site: string, stage: string, tables: Record<string, Table>, cases: Table): SiteTableContext {
  const ctx = {
    site,
    stage,
    cases,
    async table(name: string) {
      const t = tables[name];
      if (!t) throw new Error(`no table for stage ${name}`);
      return t;
    },
    global(name: string): unknown {
      throw new Error(`no global result for stage ${name}`);
    },
    log: pino({ enabled: false }),
    signal: new AbortController().signal,
  };
  return ctx;
}

export interface FederatedRun<G> {
  global: G;
  rounds: number;
  /** Every partial sent, with the site's number of cases. */
  sent: { site: string; round: number; partial: Partial; siteCases: number }[];
  applied: Record<string, Table>;
}

/** Runs local → aggregate until done, then apply at every site. */
export async function runFederated<P, G>(
  plugin: FederatedPlugin<any, G>,
  params: P,
  sites: { site: string; ctx: SiteTableContext; n: number }[],
  maxRounds = 20,
): Promise<FederatedRun<G>> {
  let global: G | null = null;
  const sent: FederatedRun<G>['sent'] = [];
  for (let round = 0; round < maxRounds; round++) {
    const partials: { site: string; partial: Partial }[] = [];
    for (const s of sites) {
      const partial = await plugin.local(s.ctx, params, global, round);
      // What crosses the boundary is JSON: check the plugin survives the round trip.
      const wire = JSON.parse(JSON.stringify(partial)) as Partial;
      partials.push({ site: s.site, partial: wire });
      sent.push({ site: s.site, round, partial: wire, siteCases: s.n });
    }
    const r = plugin.aggregate(partials, params, global, round);
    global = JSON.parse(JSON.stringify(r.global)) as G;
    if (r.done) {
      const applied: Record<string, Table> = {};
      if (plugin.apply) for (const s of sites) applied[s.site] = (await plugin.apply(s.ctx, params, global)).table;
      return { global, rounds: round + 1, sent, applied };
    }
  }
  throw new Error(`federated plugin did not finish in ${maxRounds} rounds`);
}

/** Lengths of every array inside a partial value, at any depth. */
export function arrayLengths(v: unknown): number[] {
  if (!Array.isArray(v)) return [];
  return [v.length, ...v.flatMap((x) => arrayLengths(x))];
}

/** Rows [i] of a table. */
export function takeRows(t: Table, rows: number[]): Table {
  const columns: Record<string, Column> = {};
  for (const n of t.names) {
    const c = t.columns[n];
    columns[n] = Array.isArray(c) ? rows.map((i) => c[i]) : Float64Array.from(rows, (i) => c[i]);
  }
  return { names: [...t.names], columns };
}

/**
 * The Hosny 2018 three-centre table (13 shape + 112 LoG 3 mm features). IDs repeat across centres,
 * so case_id is `<site>-<ID>`.
 */
export function loadHosny(): Table {
  const text = readFileSync(refdataPath('tabular/hosny2018_multicenter/hosny2018_3sites_original_and_log3mm.csv'), 'utf8');
  const [head, ...lines] = text.trim().split(/\r?\n/);
  const names = head.split(',').map((n) => (n === 'ID' ? 'case_id' : n));
  const rows = lines.map((l) => l.split(','));
  for (const r of rows) r[1] = `${r[0]}-${r[1]}`;
  const columns: Record<string, Column> = {};
  names.forEach((n, j) => {
    columns[n] = n === 'site' || n === 'case_id' ? rows.map((r) => r[j]) : Float64Array.from(rows, (r) => Number(r[j]));
  });
  return { names, columns };
}

/** Deterministic PRNG (mulberry32) and standard normals (Box–Muller). */
export function rng(seed: number): { uniform(): number; normal(): number } {
  let a = seed >>> 0;
  const uniform = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return { uniform, normal: () => Math.sqrt(-2 * Math.log(uniform() + 1e-300)) * Math.cos(2 * Math.PI * uniform()) };
}

/**
 * Synthetic multi-scanner features: `batches` scanners with additive and multiplicative effects,
 * a continuous (age) and a categorical (sex) covariate with a real biological effect.
 */
export function synthetic(seed: number, nPerBatch: number[], nFeatures: number): Table {
  const r = rng(seed);
  const n = nPerBatch.reduce((a, b) => a + b, 0);
  const scanner: string[] = [];
  nPerBatch.forEach((k, b) => {
    for (let i = 0; i < k; i++) scanner.push(`S${b + 1}`);
  });
  const age = Float64Array.from({ length: n }, () => 40 + 30 * r.uniform());
  const sex = Array.from({ length: n }, () => (r.uniform() < 0.5 ? 'F' : 'M'));
  const columns: Record<string, Column> = {
    case_id: Array.from({ length: n }, (_, i) => `c${String(i).padStart(4, '0')}`),
    scanner,
    age,
    sex,
  };
  const names = ['case_id', 'scanner', 'age', 'sex'];
  const shift = nPerBatch.map(() => Array.from({ length: nFeatures }, () => 2 * r.normal()));
  const scale = nPerBatch.map(() => Array.from({ length: nFeatures }, () => 0.5 + r.uniform()));
  for (let f = 0; f < nFeatures; f++) {
    const base = 10 + 5 * r.normal();
    const col = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const b = Number(scanner[i].slice(1)) - 1;
      col[i] = base + 0.05 * age[i] + (sex[i] === 'M' ? 1 : 0) + shift[b][f] + scale[b][f] * r.normal();
    }
    const name = `feat_${f}`;
    columns[name] = col;
    names.push(name);
  }
  return { names, columns };
}

/** Keeps the named columns. */
export function selectTable(t: Table, names: string[]): Table {
  return { names: [...names], columns: Object.fromEntries(names.map((n) => [n, t.columns[n]])) };
}

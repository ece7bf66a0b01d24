import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseSites, register } from '../../../cli/commands/generate-synthetic.js';

describe('cohortflow generate-synthetic', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'cohortflow-gen-cli-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('names sites north, south, east, west, central… from a count, or takes a list', () => {
    expect(parseSites('5')).toEqual(['north', 'south', 'east', 'west', 'central']);
    expect(parseSites('north, lyon')).toEqual(['north', 'lyon']);
  });

  it('writes the study the options describe', async () => {
    const program = new Command().exitOverride();
    register(program);
    const out = join(dir, 'study');
    await program.parseAsync(['generate-synthetic', '--out', out, '--sites', '2', '--cases', '3', '--seed', '5', '--size', '24x24x16', '--corrupt', 'south-002'], { from: 'user' });
    const manifest = JSON.parse(await readFile(join(out, 'manifest.json'), 'utf8'));
    expect(manifest.seed).toBe(5);
    expect(manifest.options.sites).toEqual(['north', 'south']);
    expect(manifest.options.size).toEqual([24, 24, 16]);
    expect(manifest.options.corruptCases).toEqual(['south-002']);
    expect((await readFile(join(out, 'south', 'cases.csv'), 'utf8')).split('\n')[0]).toBe('case_id,image,mask,outcome,age,sex');
  });

  it('rejects a malformed size', async () => {
    const program = new Command().exitOverride();
    register(program);
    await expect(program.parseAsync(['generate-synthetic', '--out', join(dir, 'x'), '--size', '24x24'], { from: 'user' })).rejects.toThrow(/not three whole numbers/);
  });
});

import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InvalidInputError } from '../../../core/errors.js';
import type { Image3D } from '../../../core/image/image.js';
import { readImage, writeImage } from '../../../core/image/io.js';

describe('2D images through itk-wasm', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'cohortflow-2d-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('reads a PNG back as a one-slice uint8 image with its pixels in place', async () => {
    const data = new Uint8Array(6 * 4).map((_, i) => i * 10);
    const slice: Image3D = { size: [6, 4, 1], spacing: [1, 1, 1], origin: [0, 0, 0], direction: [1, 0, 0, 0, 1, 0, 0, 0, 1], data };
    const path = join(dir, 'slice.png');
    await writeImage(path, slice);
    const back = await readImage(path);
    expect(back.size).toEqual([6, 4, 1]);
    expect(back.data).toBeInstanceOf(Uint8Array);
    expect(back.data).toEqual(data);
  });

  it('refuses to write a volume as PNG', async () => {
    const volume: Image3D = { size: [2, 2, 2], spacing: [1, 1, 1], origin: [0, 0, 0], direction: [1, 0, 0, 0, 1, 0, 0, 0, 1], data: new Uint8Array(8) };
    await expect(writeImage(join(dir, 'v.png'), volume)).rejects.toThrow(/holds one slice/);
  });

  it('reports a corrupt PNG as InvalidInputError', async () => {
    const path = join(dir, 'bad.png');
    await writeFile(path, Buffer.from('definitely not a png'));
    await expect(readImage(path)).rejects.toThrow(InvalidInputError);
  });
});

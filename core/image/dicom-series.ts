/**
 * A DICOM series in a folder, read slice by slice through itk-wasm's GDCM reader (which decodes
 * JPEG 2000 and applies RescaleSlope/Intercept) and stacked along the slice normal, as ITK's
 * ImageSeriesReader does. One series per folder.
 */
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { gdcmReadImageNode } from '@itk-wasm/image-io';
import { InvalidInputError, type ErrorWhere } from '../errors.js';
import type { Image3D, Vec3, VoxelArray } from './image.js';
import { fromItkImage } from './itk-convert.js';

/** DICOM files decoded at once. */
const READ_CONCURRENCY = 4;

/** Relative deviation of slice gaps tolerated before the series counts as non-uniform. */
const SLICE_GAP_TOLERANCE = 1e-2;

export async function readDicomSeries(folder: string, where: ErrorWhere = {}): Promise<Image3D> {
  const at = { ...where, file: folder };
  const names = (await readdir(folder, { withFileTypes: true }))
    .filter((e) => e.isFile() && !e.name.startsWith('.') && e.name.toUpperCase() !== 'DICOMDIR')
    .map((e) => e.name)
    .sort();
  if (names.length === 0) throw new InvalidInputError('folder holds no files', at, 'Point the image column at a folder with one DICOM series');
  // Each GDCM call loads its own WebAssembly instance; a few at once overlap that start-up (≈2× faster).
  const results = await mapWithConcurrency(names, READ_CONCURRENCY, async (name) => {
    const path = join(folder, name);
    let result;
    try {
      result = await gdcmReadImageNode(path);
    } catch (error) {
      throw new InvalidInputError(`cannot read DICOM file ${name}: ${(error as Error).message}`, at, 'Remove non-DICOM files from the series folder');
    }
    if (!result.couldRead) throw new InvalidInputError(`${name} is not a readable DICOM image`, at, 'Remove non-DICOM files from the series folder');
    const tags = result.image.metadata as unknown as Map<string, string> | undefined;
    return { slice: fromItkImage(result.image, path), uid: tags?.get?.('0020|000e')?.trim() ?? '', description: tags?.get?.('0008|103e')?.trim() || 'no description' };
  });
  const slices = results.map((r) => r.slice);
  const series = new Map<string, { description: string; count: number }>();
  const plural = (n: number) => `${n} file${n === 1 ? '' : 's'}`;
  for (const r of results) {
    const entry = series.get(r.uid) ?? { description: r.description, count: 0 };
    entry.count++;
    series.set(r.uid, entry);
  }
  if (series.size > 1) {
    const list = [...series.entries()].map(([uid, e]) => `"${e.description}" (UID ${uid || 'blank'}, ${plural(e.count)})`).join(', ');
    throw new InvalidInputError(`folder holds ${series.size} DICOM series: ${list}`, at, 'Put each series in its own folder and point the image column at one of them');
  }
  if (slices.length === 1) return slices[0];
  return stackSlices(slices, at);
}

function stackSlices(slices: Image3D[], at: ErrorWhere): Image3D {
  const first = slices[0];
  for (const s of slices) {
    const sameGrid =
      s.size[0] === first.size[0] && s.size[1] === first.size[1] && s.size[2] === 1 &&
      Math.abs(s.spacing[0] - first.spacing[0]) < 1e-6 && Math.abs(s.spacing[1] - first.spacing[1]) < 1e-6 &&
      s.direction.every((x, i) => Math.abs(x - first.direction[i]) < 1e-4);
    if (!sameGrid) {
      throw new InvalidInputError(
        'folder mixes slices of different size, spacing or orientation (more than one series?)',
        at,
        'Put each DICOM series in its own folder',
      );
    }
  }
  const normal: Vec3 = [first.direction[2], first.direction[5], first.direction[8]];
  const position = (s: Image3D) => s.origin[0] * normal[0] + s.origin[1] * normal[1] + s.origin[2] * normal[2];
  const sorted = [...slices].sort((a, b) => position(a) - position(b));
  const gaps = sorted.slice(1).map((s, i) => position(s) - position(sorted[i]));
  const meanGap = gaps.reduce((a, b) => a + b, 0) / gaps.length;
  if (gaps.some((g) => g <= 1e-6)) {
    throw new InvalidInputError('two slices share one position (duplicate slices or several series)', at, 'Put each DICOM series in its own folder');
  }
  if (gaps.some((g) => Math.abs(g - meanGap) > SLICE_GAP_TOLERANCE * meanGap)) {
    throw new InvalidInputError(
      `slice gaps are not uniform (${Math.min(...gaps).toFixed(3)} to ${Math.max(...gaps).toFixed(3)} mm)`,
      at,
      'Resample the series to uniform slices or supply it as NIfTI',
    );
  }
  const plane = first.size[0] * first.size[1];
  const data = allocateLike(sorted.map((s) => s.data), plane * sorted.length);
  sorted.forEach((s, k) => data.set(s.data as ArrayLike<number>, k * plane));
  return {
    size: [first.size[0], first.size[1], sorted.length],
    spacing: [first.spacing[0], first.spacing[1], meanGap],
    origin: [...sorted[0].origin] as Vec3,
    direction: [...first.direction],
    data,
  };
}

/** Slices usually share a type; if rescaling made some float, every slice becomes float32. */
function allocateLike(arrays: VoxelArray[], length: number): VoxelArray {
  const kind = arrays[0].constructor as new (n: number) => VoxelArray;
  if (arrays.every((a) => a.constructor === kind)) return new kind(length);
  return new Float32Array(length);
}

/** `Promise.all(items.map(fn))` with at most `limit` calls in flight; results keep the input order. */
async function mapWithConcurrency<T, R>(items: T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}

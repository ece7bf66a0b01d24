/**
 * Region-of-interest masks: label selection, morphology in millimetres (ball structuring element on
 * the physical grid), peritumoral rings, cores, connected components and voxel counts.
 * Binary masks are Image3D<Uint8Array> holding 0 and 1.
 */
import { EmptyRegionError, type ErrorWhere } from '../errors.js';
import { squaredDistanceToSeeds } from './distance-transform.js';
import type { Image3D, Vec3 } from './image.js';
import { forEachNonZeroRun, forEachRun } from './runs.js';

/** A 0/1 mask; its buffer is a plain ArrayBuffer (freshly allocated), which callers may rely on. */
export type BinaryMask = Image3D<Uint8Array<ArrayBuffer>>;

function withData(mask: Image3D, data: Uint8Array<ArrayBuffer>): BinaryMask {
  return { size: [...mask.size] as Vec3, spacing: [...mask.spacing] as Vec3, origin: [...mask.origin] as Vec3, direction: [...mask.direction], data };
}

/** The voxels equal to `label`, as a binary mask. Throws EmptyRegionError when there are none. */
export function selectLabel(mask: Image3D, label: number, where: ErrorWhere = {}): BinaryMask {
  const out = new Uint8Array(mask.data.length);
  let count = 0;
  forEachRun(mask.data, label, (start, end) => {
    out.fill(1, start, end);
    count += end - start;
  });
  if (count === 0) {
    const present = [...labelVoxelCounts(mask).keys()].filter((l) => l !== 0);
    throw new EmptyRegionError(
      `mask has no voxel with label ${label} (labels present: ${present.length ? present.join(', ') : 'none'})`,
      where,
      'Set the label parameter to one that is present, or check the segmentation',
    );
  }
  return withData(mask, out);
}

/** Every non-zero label as its own binary region, in increasing label order. */
export function splitLabels(mask: Image3D): Map<number, BinaryMask> {
  const labels = [...labelVoxelCounts(mask).keys()].filter((l) => l !== 0).sort((a, b) => a - b);
  return new Map(labels.map((l) => [l, selectLabel(mask, l)]));
}

/** Voxel count per value (background 0 included), in order of first appearance. */
export function labelVoxelCounts(mask: Pick<Image3D, 'data'>): Map<number, number> {
  const counts = new Map<number, number>();
  const data = mask.data;
  for (let i = 0; i < data.length; i++) counts.set(data[i], (counts.get(data[i]) ?? 0) + 1);
  return counts;
}

/** Number of non-zero voxels. */
export function countForeground(mask: Pick<Image3D, 'data'>): number {
  let n = 0;
  forEachNonZeroRun(mask.data, (start, end) => (n += end - start));
  return n;
}

function binarize(mask: Image3D): Uint8Array {
  const out = new Uint8Array(mask.data.length);
  for (let i = 0; i < out.length; i++) out[i] = mask.data[i] !== 0 ? 1 : 0;
  return out;
}

// Distances are compared with a hair of slack so that a neighbour exactly r mm away is included
// despite rounding (e.g. 0.1 + 0.2 spacing sums).
const SLACK = 1e-9;

/**
 * Binary dilation by a ball of `radiusMm` on the physical grid (anisotropic spacing respected):
 * a voxel joins when some foreground voxel centre lies within radiusMm of its centre.
 */
export function dilateMm(mask: Image3D, radiusMm: number): BinaryMask {
  if (radiusMm < 0) throw new RangeError('dilation radius must be ≥ 0 mm');
  const fg = binarize(mask);
  const d2 = squaredDistanceToSeeds(fg, mask.size, mask.spacing);
  const r2 = radiusMm * radiusMm + SLACK;
  const out = new Uint8Array(fg.length);
  for (let i = 0; i < out.length; i++) out[i] = d2[i] <= r2 ? 1 : 0;
  return withData(mask, out);
}

/**
 * Binary erosion by a ball of `radiusMm`: a voxel stays when no background voxel centre lies within
 * radiusMm. Outside the image counts as foreground (as ITK's BinaryErode default), so a region that
 * touches the border is not eaten from there.
 */
export function erodeMm(mask: Image3D, radiusMm: number): BinaryMask {
  if (radiusMm < 0) throw new RangeError('erosion radius must be ≥ 0 mm');
  const fg = binarize(mask);
  const bg = new Uint8Array(fg.length);
  for (let i = 0; i < bg.length; i++) bg[i] = 1 - fg[i];
  const d2 = squaredDistanceToSeeds(bg, mask.size, mask.spacing);
  const r2 = radiusMm * radiusMm + SLACK;
  const out = new Uint8Array(fg.length);
  for (let i = 0; i < out.length; i++) out[i] = fg[i] && d2[i] > r2 ? 1 : 0;
  return withData(mask, out);
}

/** Peritumoral ring: the lesion dilated by `radiusMm`, minus the lesion itself. */
export function peritumoralRing(mask: Image3D, radiusMm: number): BinaryMask {
  const grown = dilateMm(mask, radiusMm);
  for (let i = 0; i < grown.data.length; i++) if (mask.data[i] !== 0) grown.data[i] = 0;
  return grown;
}

/** Lesion core: the lesion eroded by `radiusMm`. */
export function lesionCore(mask: Image3D, radiusMm: number): BinaryMask {
  return erodeMm(mask, radiusMm);
}

export type Connectivity = 6 | 18 | 26;

function neighbourOffsets(connectivity: Connectivity): Vec3[] {
  const out: Vec3[] = [];
  for (let dz = -1; dz <= 1; dz++) {
    for (let dy = -1; dy <= 1; dy++) {
      for (let dx = -1; dx <= 1; dx++) {
        const order = Math.abs(dx) + Math.abs(dy) + Math.abs(dz);
        if (order === 0) continue;
        if (connectivity === 6 && order > 1) continue;
        if (connectivity === 18 && order > 2) continue;
        out.push([dx, dy, dz]);
      }
    }
  }
  return out;
}

export interface Components {
  /** Component id per voxel (1-based, 0 = background), numbered in scan order. */
  labels: Int32Array;
  /** Voxel count of component k at index k − 1. */
  sizes: number[];
}

/** Connected components of the non-zero voxels (3D, 6-, 18- or 26-connectivity). */
export function connectedComponents(mask: Image3D, connectivity: Connectivity = 26): Components {
  const [sx, sy, sz] = mask.size;
  const labels = new Int32Array(mask.data.length);
  const offsets = neighbourOffsets(connectivity);
  const sizes: number[] = [];
  const stack = new Int32Array(mask.data.length);
  for (let seed = 0; seed < labels.length; seed++) {
    if (mask.data[seed] === 0 || labels[seed] !== 0) continue;
    const id = sizes.length + 1;
    let top = 0;
    let count = 0;
    stack[top++] = seed;
    labels[seed] = id;
    while (top > 0) {
      const i = stack[--top];
      count++;
      const x = i % sx;
      const y = Math.floor(i / sx) % sy;
      const z = Math.floor(i / (sx * sy));
      for (const [dx, dy, dz] of offsets) {
        const nx = x + dx;
        const ny = y + dy;
        const nz = z + dz;
        if (nx < 0 || ny < 0 || nz < 0 || nx >= sx || ny >= sy || nz >= sz) continue;
        const j = nx + ny * sx + nz * sx * sy;
        if (mask.data[j] !== 0 && labels[j] === 0) {
          labels[j] = id;
          stack[top++] = j;
        }
      }
    }
    sizes.push(count);
  }
  return { labels, sizes };
}

/** The largest connected component (the first in scan order on a tie); an empty mask stays empty. */
export function largestConnectedComponent(mask: Image3D, connectivity: Connectivity = 26): BinaryMask {
  const { labels, sizes } = connectedComponents(mask, connectivity);
  const out = new Uint8Array(labels.length);
  if (sizes.length === 0) return withData(mask, out);
  let best = 0;
  for (let k = 1; k < sizes.length; k++) if (sizes[k] > sizes[best]) best = k;
  const id = best + 1;
  for (let i = 0; i < out.length; i++) out[i] = labels[i] === id ? 1 : 0;
  return withData(mask, out);
}

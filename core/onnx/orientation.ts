/**
 * Axis orientation codes (nibabel convention: each letter is where the axis points, e.g. 'RAS',
 * FreeSurfer 'LIA') and exact reorientation by axis permutation and flips, no interpolation, so a
 * mask reoriented back lands on the original voxels.
 */
import { InvalidInputError } from '../errors.js';
import type { Image3D, Vec3, VoxelArray } from '../image/image.js';

// Image3D directions are LPS: +x world is L, +y is P, +z is S.
const POSITIVE = ['L', 'P', 'S'];
const NEGATIVE = ['R', 'A', 'I'];

/** The code of an image's axes from its direction cosines (dominant component per column). */
export function orientationCode(direction: number[]): string {
  let code = '';
  const used = new Set<number>();
  for (let j = 0; j < 3; j++) {
    const col = [direction[j], direction[3 + j], direction[6 + j]];
    let k = 0;
    for (let r = 1; r < 3; r++) if (Math.abs(col[r]) > Math.abs(col[k])) k = r;
    if (used.has(k)) throw new InvalidInputError(`image direction ${JSON.stringify(direction)} has two axes along the same world axis`, {}, 'Fix the image header (sform/qform)');
    used.add(k);
    code += col[k] > 0 ? POSITIVE[k] : NEGATIVE[k];
  }
  return code;
}

function worldAxis(letter: string): number {
  const k = POSITIVE.indexOf(letter);
  return k >= 0 ? k : NEGATIVE.indexOf(letter);
}

/** Permutes and flips voxels so that the image's orientation code becomes `target`. */
export function reorient<T extends VoxelArray>(image: Image3D<T>, target: string): Image3D<T> {
  const source = orientationCode(image.direction);
  if (source === target) return image;
  const perm: number[] = [];
  const flip: boolean[] = [];
  for (let t = 0; t < 3; t++) {
    const s = [0, 1, 2].find((a) => worldAxis(source[a]) === worldAxis(target[t]));
    if (s === undefined || perm.includes(s)) throw new InvalidInputError(`orientation code '${target}' is not a valid permutation of '${source}'`, {}, 'Use three letters, one from each of RL, AP, SI');
    perm.push(s);
    flip.push(source[s] !== target[t]);
  }
  const size = perm.map((s) => image.size[s]) as Vec3;
  const spacing = perm.map((s) => image.spacing[s]) as Vec3;
  const direction = new Array<number>(9);
  for (let t = 0; t < 3; t++) for (let r = 0; r < 3; r++) direction[r * 3 + t] = (flip[t] ? -1 : 1) * image.direction[r * 3 + perm[t]] + 0;
  // The new first voxel is the source voxel at the far end of every flipped axis.
  const first = [0, 0, 0];
  for (let t = 0; t < 3; t++) if (flip[t]) first[perm[t]] = image.size[perm[t]] - 1;
  const origin = [0, 1, 2].map((r) => image.origin[r] + [0, 1, 2].reduce((acc, j) => acc + image.direction[r * 3 + j] * image.spacing[j] * first[j], 0)) as Vec3;
  const srcStride = [1, image.size[0], image.size[0] * image.size[1]];
  const step = [0, 1, 2].map((t) => (flip[t] ? -1 : 1) * srcStride[perm[t]]);
  const base = first[0] * srcStride[0] + first[1] * srcStride[1] + first[2] * srcStride[2];
  const src = image.data;
  const data = new (src.constructor as new (n: number) => T)(src.length);
  let i = 0;
  for (let z = 0; z < size[2]; z++) {
    for (let y = 0; y < size[1]; y++) {
      let o = base + z * step[2] + y * step[1];
      for (let x = 0; x < size[0]; x++, o += step[0]) data[i++] = src[o];
    }
  }
  return { size, spacing, origin, direction, data };
}

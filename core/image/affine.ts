/**
 * Conversions between an Image3D's (spacing, origin, direction) in LPS and a NIfTI 4×4 affine in RAS,
 * and between rotation matrices and NIfTI quaternions.
 */
import type { Vec3 } from './image.js';

/** Row-major 3×4: world(RAS) = A · [i, j, k, 1]. */
export type Affine34 = number[];

export interface Geometry {
  spacing: Vec3;
  origin: Vec3;
  direction: number[];
}

/** NIfTI is RAS, ITK is LPS: the first two world axes change sign. */
const LPS_FLIP = [-1, -1, 1];

export function geometryFromRasAffine(a: Affine34): Geometry {
  const spacing: Vec3 = [0, 0, 0];
  const direction = new Array<number>(9).fill(0);
  for (let j = 0; j < 3; j++) {
    const norm = Math.hypot(a[j], a[4 + j], a[8 + j]);
    // A degenerate column (zero scale) cannot define a direction; keep the axis and a unit spacing.
    spacing[j] = norm > 0 ? norm : 1;
    for (let r = 0; r < 3; r++) {
      const unit = norm > 0 ? a[r * 4 + j] / norm : r === j ? 1 : 0;
      direction[r * 3 + j] = LPS_FLIP[r] * unit + 0; // + 0 turns -0 into 0
    }
  }
  const origin: Vec3 = [LPS_FLIP[0] * a[3] + 0, LPS_FLIP[1] * a[7] + 0, a[11] + 0];
  return { spacing, origin, direction };
}

export function rasAffineFromGeometry(g: Geometry): Affine34 {
  const a = new Array<number>(12).fill(0);
  for (let r = 0; r < 3; r++) {
    for (let j = 0; j < 3; j++) a[r * 4 + j] = LPS_FLIP[r] * g.direction[r * 3 + j] * g.spacing[j] + 0;
    a[r * 4 + 3] = LPS_FLIP[r] * g.origin[r] + 0;
  }
  return a;
}

/** NIfTI qform: rotation from quaternion (b, c, d) and qfac, scaled by pixdim. */
export function rasAffineFromQuaternion(b: number, c: number, d: number, offset: Vec3, pixdim: Vec3, qfac: number): Affine34 {
  // a is implied by unit norm; tiny negative values come from float32 rounding.
  const a = Math.sqrt(Math.max(0, 1 - (b * b + c * c + d * d)));
  const r = [
    [a * a + b * b - c * c - d * d, 2 * (b * c - a * d), 2 * (b * d + a * c)],
    [2 * (b * c + a * d), a * a + c * c - b * b - d * d, 2 * (c * d - a * b)],
    [2 * (b * d - a * c), 2 * (c * d + a * b), a * a + d * d - c * c - b * b],
  ];
  const scale = [pixdim[0], pixdim[1], qfac * pixdim[2]];
  const out: Affine34 = [];
  for (let i = 0; i < 3; i++) out.push(r[i][0] * scale[0], r[i][1] * scale[1], r[i][2] * scale[2], offset[i]);
  return out;
}

/** The NIfTI quaternion (b, c, d) and qfac of a direction matrix (nifti_mat44_to_quatern). */
export function quaternionFromRasRotation(m: number[][]): { b: number; c: number; d: number; qfac: number } {
  const r = m.map((row) => row.slice());
  const det =
    r[0][0] * (r[1][1] * r[2][2] - r[1][2] * r[2][1]) -
    r[0][1] * (r[1][0] * r[2][2] - r[1][2] * r[2][0]) +
    r[0][2] * (r[1][0] * r[2][1] - r[1][1] * r[2][0]);
  let qfac = 1;
  if (det < 0) {
    qfac = -1;
    for (let i = 0; i < 3; i++) r[i][2] = -r[i][2];
  }
  let a = r[0][0] + r[1][1] + r[2][2] + 1;
  let b: number, c: number, d: number;
  if (a > 0.5) {
    a = 0.5 * Math.sqrt(a);
    b = (0.25 * (r[2][1] - r[1][2])) / a;
    c = (0.25 * (r[0][2] - r[2][0])) / a;
    d = (0.25 * (r[1][0] - r[0][1])) / a;
  } else {
    const xd = 1 + r[0][0] - (r[1][1] + r[2][2]);
    const yd = 1 + r[1][1] - (r[0][0] + r[2][2]);
    const zd = 1 + r[2][2] - (r[0][0] + r[1][1]);
    if (xd > 1) {
      b = 0.5 * Math.sqrt(xd);
      c = (0.25 * (r[0][1] + r[1][0])) / b;
      d = (0.25 * (r[0][2] + r[2][0])) / b;
      a = (0.25 * (r[2][1] - r[1][2])) / b;
    } else if (yd > 1) {
      c = 0.5 * Math.sqrt(yd);
      b = (0.25 * (r[0][1] + r[1][0])) / c;
      d = (0.25 * (r[1][2] + r[2][1])) / c;
      a = (0.25 * (r[0][2] - r[2][0])) / c;
    } else {
      d = 0.5 * Math.sqrt(zd);
      b = (0.25 * (r[0][2] + r[2][0])) / d;
      c = (0.25 * (r[1][2] + r[2][1])) / d;
      a = (0.25 * (r[1][0] - r[0][1])) / d;
    }
    if (a < 0) {
      b = -b;
      c = -c;
      d = -d;
    }
  }
  return { b, c, d, qfac };
}

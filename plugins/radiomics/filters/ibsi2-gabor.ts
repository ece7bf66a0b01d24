/**
 * IBSI 2 Gabor filter (IBSI 2 eq. 9): in a plane, g(k₁, k₂) = exp(−(k̃₁² + γ²k̃₂²) / 2σ²) · exp(i2πk̃₁/λ) with
 * (k̃₁, k̃₂) the in-plane position (mm) rotated by θ; the response map is the modulus |f ⊗ g|, averaged over the
 * orientations θ = 0, Δθ, 2Δθ, … < 2π (rotation invariance by average pooling), slice by slice. In 3D the
 * responses of the three orthogonal planes are averaged. Borders are mirrored (scipy's "reflect"), as in ibsi2.ts.
 *
 * The kernel reaches several σ, so each slice is convolved in the Fourier domain over a window around the voxels
 * asked for (mirror-mapped where it passes the image border): the response costs a few FFTs per slice and
 * orientation instead of (2R + 1)² products per voxel.
 */
import type { BoundingBox } from '../../../core/image/geometry.js';
import type { Vec3 } from '../../../core/image/image.js';
import { fftAxis, LineFft, nextPow2 } from '../../../core/image/fft.js';
import { reflect } from './ibsi2.js';

export interface GaborOptions {
  sigmaMm: number;
  lambdaMm: number;
  /** Spatial aspect ratio γ. */
  gamma: number;
  /** Orientation step Δθ (radians) of the rotation-invariant average. */
  deltaTheta: number;
  /** Filter each axial slice (IBSI 2 "2D"); otherwise average the axial, coronal and sagittal planes. @default false */
  inPlane?: boolean;
  /** Kernel half-width in σ (of the wider, k̃₁, axis). @default 4 */
  truncate?: number;
  /** The voxels to compute (inclusive; default: all); the others are NaN. */
  read?: BoundingBox;
}

/**
 * The orientations to average. |f ⊗ g| is π-periodic in θ for a real image (g at θ + π is g's conjugate), so when
 * the steps close the circle evenly the first half gives the same average.
 */
function orientations(deltaTheta: number): number[] {
  const n = Math.ceil(2 * Math.PI / deltaTheta - 1e-9);
  const half = n % 2 === 0 && Math.abs(n * deltaTheta - 2 * Math.PI) < 1e-9;
  return Array.from({ length: half ? n / 2 : n }, (_, k) => k * deltaTheta);
}

/** FFT of the kernel at θ on an nu × nv window, centred on index (0, 0) (wrapped), with steps du, dv mm. */
function kernelSpectrum(o: GaborOptions, theta: number, nu: number, nv: number, ru: number, rv: number, du: number, dv: number) {
  const re = new Float64Array(nu * nv), im = new Float64Array(nu * nv);
  const c = Math.cos(theta), s = Math.sin(theta);
  for (let j = -rv; j <= rv; j++) {
    for (let i = -ru; i <= ru; i++) {
      const k1 = i * du * c + j * dv * s, k2 = -i * du * s + j * dv * c;
      const envelope = Math.exp(-(k1 * k1 + o.gamma * o.gamma * k2 * k2) / (2 * o.sigmaMm * o.sigmaMm));
      const phase = (2 * Math.PI * k1) / o.lambdaMm;
      const at = ((i + nu) % nu) + ((j + nv) % nv) * nu;
      re[at] = envelope * Math.cos(phase);
      im[at] = envelope * Math.sin(phase);
    }
  }
  fftAxis(re, im, [nu, nv, 1], 0, false);
  fftAxis(re, im, [nu, nv, 1], 1, false);
  return { re, im };
}

/**
 * Rotation-invariant response in the planes spanned by axes u and v (u < v), slice by slice along the third axis,
 * added into `out` with weight `w` over the `read` box.
 */
function addPlaneResponse(data: Float64Array, size: Vec3, spacing: Vec3, o: GaborOptions, u: number, v: number, read: BoundingBox, w: number, out: Float64Array): void {
  const a = 3 - u - v;
  const strides = [1, size[0], size[0] * size[1]];
  // Kernel radius per axis in voxels; the window holds the read range plus a radius each side, rounded up to 2^k.
  const reach = (axis: number) => Math.ceil(((o.truncate ?? 4) * o.sigmaMm) / spacing[axis]);
  const ru = reach(u), rv = reach(v);
  const bu = read.upper[u] - read.lower[u] + 1, bv = read.upper[v] - read.lower[v] + 1;
  const nu = nextPow2(bu + 2 * ru), nv = nextPow2(bv + 2 * rv);
  const kernels = orientations(o.deltaTheta).map((t) => kernelSpectrum(o, t, nu, nv, ru, rv, spacing[u], spacing[v]));
  const weight = w / kernels.length;
  const fr = new Float64Array(nu * nv), fi = new Float64Array(nu * nv);
  const pr = new Float64Array(nu * nv), pi = new Float64Array(nu * nv);
  const window: Vec3 = [nu, nv, 1];
  const rowFft = new LineFft(nu), lineRe = new Float64Array(nu), lineIm = new Float64Array(nu);
  for (let c = read.lower[a]; c <= read.upper[a]; c++) {
    // Window index (i, j) holds image position (read.lower − r + i, …) along u and v, mirrored at the borders.
    for (let j = 0; j < nv; j++) {
      const pv = reflect(read.lower[v] - rv + j, size[v]) * strides[v] + c * strides[a];
      for (let i = 0; i < nu; i++) fr[i + j * nu] = data[pv + reflect(read.lower[u] - ru + i, size[u]) * strides[u]];
    }
    fi.fill(0);
    fftAxis(fr, fi, window, 0, false);
    fftAxis(fr, fi, window, 1, false);
    for (const k of kernels) {
      for (let q = 0; q < pr.length; q++) {
        pr[q] = fr[q] * k.re[q] - fi[q] * k.im[q];
        pi[q] = fr[q] * k.im[q] + fi[q] * k.re[q];
      }
      // Inverse along v over every column, then along u over the rows the read box needs only: the circular
      // convolution equals the linear one from one radius into the window on.
      fftAxis(pr, pi, window, 1, true);
      for (let j = 0; j < bv; j++) {
        const row = (j + rv) * nu;
        lineRe.set(pr.subarray(row, row + nu));
        lineIm.set(pi.subarray(row, row + nu));
        rowFft.transform(lineRe, lineIm, true);
        for (let i = 0; i < bu; i++) {
          const at = (read.lower[u] + i) * strides[u] + (read.lower[v] + j) * strides[v] + c * strides[a];
          out[at] += weight * Math.hypot(lineRe[i + ru], lineIm[i + ru]);
        }
      }
    }
  }
}

/** The Gabor response map of `data` (x fastest, `size`, `spacing` in mm). */
export function gaborFilter(data: Float64Array, size: Vec3, spacing: Vec3, o: GaborOptions): Float64Array {
  const read = o.read ?? { lower: [0, 0, 0], upper: [size[0] - 1, size[1] - 1, size[2] - 1] };
  const out = new Float64Array(data.length);
  const planes: Array<[number, number]> = o.inPlane ? [[0, 1]] : [[0, 1], [0, 2], [1, 2]];
  for (const [u, v] of planes) addPlaneResponse(data, size, spacing, o, u, v, read, 1 / planes.length, out);
  if (o.read) {
    const inside = (i: number, axis: number) => i >= read.lower[axis] && i <= read.upper[axis];
    for (let z = 0, i = 0; z < size[2]; z++) for (let y = 0; y < size[1]; y++) for (let x = 0; x < size[0]; x++, i++) {
      if (!inside(x, 0) || !inside(y, 1) || !inside(z, 2)) out[i] = NaN;
    }
  }
  return out;
}

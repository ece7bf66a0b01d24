/**
 * Laplacian of Gaussian, scale-normalised (σ² ∇²G ∗ I, as SimpleITK's LaplacianRecursiveGaussian with
 * NormalizeAcrossScale). We convolve with sampled separable kernels truncated at 4σ and mirror the
 * borders (IBSI 2's definition) instead of ITK's recursive (IIR) approximation, so values differ from
 * PyRadiomics' LoG images by the IIR approximation error.
 */
import type { Vec3 } from '../../../core/image/image.js';

export interface LogOptions {
  /** Kernel half-width in units of σ. @default 4 */
  truncate?: number;
}

function kernels(sigmaVox: number, truncate: number): { g: Float64Array; d2: Float64Array } {
  const r = Math.max(1, Math.ceil(truncate * sigmaVox));
  const g = new Float64Array(2 * r + 1);
  const d2 = new Float64Array(2 * r + 1);
  let sum = 0;
  for (let i = -r; i <= r; i++) {
    const e = Math.exp(-(i * i) / (2 * sigmaVox * sigmaVox));
    g[i + r] = e;
    sum += e;
  }
  for (let i = -r; i <= r; i++) {
    g[i + r] /= sum;
    // Second derivative of the normalised Gaussian, in voxel units.
    d2[i + r] = g[i + r] * ((i * i) / sigmaVox ** 4 - 1 / sigmaVox ** 2);
  }
  // Remove the DC response of the truncated second derivative so flat images give exactly zero.
  let dc = 0;
  for (const v of d2) dc += v;
  for (let i = 0; i < d2.length; i++) d2[i] -= (dc * g[i]);
  return { g, d2 };
}

function mirror(i: number, n: number): number {
  if (n === 1) return 0;
  const p = 2 * n;
  let k = ((i % p) + p) % p;
  if (k >= n) k = p - 1 - k;
  return k;
}

function convolveAxis(src: Float64Array, size: Vec3, axis: number, k: Float64Array): Float64Array {
  const [sx, sy, sz] = size;
  const n = size[axis];
  const stride = axis === 0 ? 1 : axis === 1 ? sx : sx * sy;
  const r = (k.length - 1) >> 1;
  const out = new Float64Array(src.length);
  const line = new Float64Array(n + 2 * r);
  const lines = src.length / n;
  for (let l = 0; l < lines; l++) {
    const start = axis === 0 ? l * sx : axis === 1 ? (l % sx) + Math.floor(l / sx) * sx * sy : l;
    for (let i = -r; i < n + r; i++) line[i + r] = src[start + mirror(i, n) * stride];
    for (let i = 0; i < n; i++) {
      let s = 0;
      for (let j = 0; j < k.length; j++) s += k[j] * line[i + j];
      out[start + i * stride] = s;
    }
  }
  void sz;
  return out;
}

/** σ² ∇²(G_σ ∗ I) with σ in mm. */
export function laplacianOfGaussian(data: Float64Array, size: Vec3, spacing: Vec3, sigmaMm: number, opts: LogOptions = {}): Float64Array {
  const truncate = opts.truncate ?? 4;
  const ks = [0, 1, 2].map((a) => kernels(sigmaMm / spacing[a], truncate));
  const out = new Float64Array(data.length);
  for (let a = 0; a < 3; a++) {
    let t = data;
    for (let b = 0; b < 3; b++) {
      if (size[b] === 1 && b !== a) continue;
      t = convolveAxis(t, size, b, b === a ? ks[b].d2 : ks[b].g);
    }
    // Voxel-unit second derivative → mm: divide by spacing²; scale-normalise by σ².
    const f = (sigmaMm * sigmaMm) / (spacing[a] * spacing[a]);
    for (let i = 0; i < out.length; i++) out[i] += f * t[i];
  }
  return out;
}

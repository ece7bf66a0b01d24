/**
 * One synthetic case: a soft-tissue "organ" holding a lesion whose texture (heterogeneity) and
 * shape (lobulation, size) depend on the outcome, seen through a site's scanner.
 * The anatomy is defined in millimetres, so the same case looks alike at every spacing.
 */
import type { Image3D, Vec3 } from '../../core/image/image.js';
import { gaussianBlurMm } from './gaussian-blur.js';
import type { Prng } from '../../core/random.js';
import type { ScannerProfile } from './scanner-profiles.js';

/** The lesion's hidden parameters (ground truth; not written to the site tables). */
export interface LesionTruth {
  radiusMm: number;
  /** Relative amplitude of the lobes on the surface (0 = sphere). */
  irregularity: number;
  /** Standard deviation of the lesion's correlated texture (intensity units, before the scanner). */
  heterogeneity: number;
  /** Mean lesion intensity above the organ's (before the scanner). */
  contrast: number;
}

/** Outcome-conditional parameter distributions: well separated yet overlapping, as in real cohorts. */
export function drawLesion(rng: Prng, outcome: 0 | 1): LesionTruth {
  const positive = outcome === 1;
  return {
    radiusMm: Math.max(4, rng.normal(positive ? 9 : 7.5, 1.3)),
    irregularity: Math.max(0, rng.normal(positive ? 0.28 : 0.1, 0.07)),
    heterogeneity: Math.max(2, rng.normal(positive ? 18 : 9, 3.5)),
    contrast: rng.normal(positive ? 45 : 55, 8),
  };
}

interface Lobe {
  axis: Vec3;
  order: number;
  weight: number;
  phase: number;
}

const ORGAN_INTENSITY = 60;
const OUTSIDE_INTENSITY = 10;
/** Correlation length of the lesion texture (mm): coarse enough to survive the scanners' blur. */
const TEXTURE_SIGMA_MM = 1.2;

export interface RenderedCase {
  image: Image3D<Int16Array>;
  mask: Image3D<Uint8Array>;
}

/** Renders a case on the site's grid (size voxels at the profile's spacing, centred on 0, LPS identity). */
export function renderCase(rng: Prng, truth: LesionTruth, profile: ScannerProfile, size: Vec3): RenderedCase {
  const spacing = profile.spacing;
  const half = [0, 1, 2].map((i) => ((size[i] - 1) * spacing[i]) / 2);
  const origin = half.map((h) => -h) as Vec3;
  const n = size[0] * size[1] * size[2];

  // The lesion must stay inside the field of view even where its lobes bulge.
  const room = Math.min(...half) - 2;
  const radius = Math.min(truth.radiusMm, (0.85 * room) / (1 + truth.irregularity));
  const jitter = Math.max(0, room - radius * (1 + truth.irregularity)) * 0.3;
  const centre: Vec3 = [rng.uniform(-jitter, jitter), rng.uniform(-jitter, jitter), rng.uniform(-jitter, jitter)];
  const lobes: Lobe[] = Array.from({ length: 3 }, () => ({ axis: rng.unitVector(), order: rng.int(2, 5), weight: rng.uniform(0.5, 1), phase: rng.uniform(0, Math.PI) }));
  const weightSum = lobes.reduce((a, l) => a + l.weight, 0);
  const organ = [0, 1, 2].map((i) => half[i] * rng.uniform(0.8, 0.92));
  const gradient = rng.unitVector();

  const inv2 = organ.map((r) => 1 / (r * r));
  const clean = new Float32Array(n);
  const mask = new Uint8Array(n);
  let i = 0;
  for (let z = 0; z < size[2]; z++) {
    const pz = origin[2] + z * spacing[2];
    for (let y = 0; y < size[1]; y++) {
      const py = origin[1] + y * spacing[1];
      for (let x = 0; x < size[0]; x++, i++) {
        const px = origin[0] + x * spacing[0];
        const inOrgan = px * px * inv2[0] + py * py * inv2[1] + pz * pz * inv2[2] <= 1;
        // A gentle gradient across the organ, like coil or beam-hardening shading.
        clean[i] = inOrgan ? ORGAN_INTENSITY + 0.15 * (gradient[0] * px + gradient[1] * py + gradient[2] * pz) : OUTSIDE_INTENSITY;
      }
    }
  }

  // Only the lesion's bounding box needs the shape test and the texture field.
  const reach = radius * (1 + truth.irregularity) + 1;
  const lo = [0, 1, 2].map((a) => Math.max(0, Math.floor((centre[a] - reach - origin[a]) / spacing[a])));
  const hi = [0, 1, 2].map((a) => Math.min(size[a] - 1, Math.ceil((centre[a] + reach - origin[a]) / spacing[a])));
  const box = [0, 1, 2].map((a) => hi[a] - lo[a] + 1) as Vec3;
  const texture = correlatedNoise(rng, box, spacing);
  let t = 0;
  for (let z = lo[2]; z <= hi[2]; z++) {
    const dz = origin[2] + z * spacing[2] - centre[2];
    for (let y = lo[1]; y <= hi[1]; y++) {
      const dy = origin[1] + y * spacing[1] - centre[1];
      for (let x = lo[0]; x <= hi[0]; x++, t++) {
        const dx = origin[0] + x * spacing[0] - centre[0];
        const d = Math.sqrt(dx * dx + dy * dy + dz * dz);
        let surface = radius;
        if (d > 0) {
          let f = 0;
          for (const lobe of lobes) {
            const cos = (dx * lobe.axis[0] + dy * lobe.axis[1] + dz * lobe.axis[2]) / d;
            f += lobe.weight * Math.cos(lobe.order * Math.acos(Math.max(-1, Math.min(1, cos))) + lobe.phase);
          }
          surface = radius * (1 + (truth.irregularity * f) / weightSum);
        }
        if (d <= surface) {
          const k = x + y * size[0] + z * size[0] * size[1];
          mask[k] = 1;
          clean[k] = ORGAN_INTENSITY + truth.contrast + truth.heterogeneity * texture[t];
        }
      }
    }
  }

  const blurred = gaussianBlurMm(clean, size, spacing, profile.blurMm);
  const data = new Int16Array(n);
  for (let k = 0; k < n; k++) data[k] = Math.round(profile.scale * blurred[k] + profile.offset + profile.noise * rng.fastNormal());
  const geometry = { size: [...size] as Vec3, spacing: [...spacing] as Vec3, origin, direction: [1, 0, 0, 0, 1, 0, 0, 0, 1] };
  return { image: { ...geometry, data }, mask: { ...geometry, direction: [...geometry.direction], data: mask } };
}

/** White noise smoothed to a fixed physical correlation length, rescaled to unit standard deviation. */
function correlatedNoise(rng: Prng, size: Vec3, spacing: Vec3): Float32Array {
  const n = size[0] * size[1] * size[2];
  const white = new Float32Array(n);
  for (let i = 0; i < n; i++) white[i] = rng.fastNormal();
  const smooth = gaussianBlurMm(white, size, spacing, TEXTURE_SIGMA_MM);
  let sum = 0;
  let sum2 = 0;
  for (let i = 0; i < n; i++) {
    sum += smooth[i];
    sum2 += smooth[i] * smooth[i];
  }
  const mean = sum / n;
  const sd = Math.sqrt(sum2 / n - mean * mean) || 1;
  for (let i = 0; i < n; i++) smooth[i] = (smooth[i] - mean) / sd;
  return smooth;
}

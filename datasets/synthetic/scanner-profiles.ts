/**
 * Per-site scanner effects that harmonization has to remove: intensity scale and offset, noise,
 * blur and voxel spacing. The first three sites are fixed; further sites get seeded profiles.
 */
import type { Vec3 } from '../../core/image/image.js';
import { deriveSeed, Prng } from '../../core/random.js';

export interface ScannerProfile {
  /** Voxel spacing in mm. */
  spacing: Vec3;
  /** Multiplies every intensity (gain). */
  scale: number;
  /** Added to every intensity after scaling. */
  offset: number;
  /** Standard deviation of white Gaussian noise added last (intensity units). */
  noise: number;
  /** Gaussian blur sigma in mm applied before scaling (the scanner's point-spread function). */
  blurMm: number;
}

export const FIXED_PROFILES: Record<string, ScannerProfile> = {
  north: { spacing: [1, 1, 1.5], scale: 1.0, offset: 0, noise: 4, blurMm: 0.6 },
  south: { spacing: [0.8, 0.8, 2], scale: 1.25, offset: 40, noise: 7, blurMm: 1.0 },
  east: { spacing: [1.2, 1.2, 1], scale: 0.85, offset: -25, noise: 3, blurMm: 0.4 },
};

/** Names for sites beyond the three fixed ones, in order; then site6, site7, … */
export const DEFAULT_SITE_NAMES = ['north', 'south', 'east', 'west', 'central', 'coast', 'valley', 'harbor'];

export function defaultSiteNames(count: number): string[] {
  return Array.from({ length: count }, (_, i) => DEFAULT_SITE_NAMES[i] ?? `site${i + 1}`);
}

/** The fixed profile for north/south/east; otherwise one drawn from (seed, site name). */
export function scannerProfile(site: string, seed: number, override: Partial<ScannerProfile> = {}): ScannerProfile {
  const fixed = FIXED_PROFILES[site];
  if (fixed) return { ...fixed, spacing: [...fixed.spacing] as Vec3, ...override };
  const rng = new Prng(deriveSeed(seed, 'scanner', site));
  const inPlane = Number(rng.uniform(0.7, 1.3).toFixed(2));
  const drawn: ScannerProfile = {
    spacing: [inPlane, inPlane, Number(rng.uniform(1, 2.5).toFixed(1))],
    scale: Number(rng.uniform(0.8, 1.3).toFixed(3)),
    offset: Math.round(rng.uniform(-40, 50)),
    noise: Number(rng.uniform(2.5, 8).toFixed(2)),
    blurMm: Number(rng.uniform(0.3, 1.1).toFixed(2)),
  };
  return { ...drawn, ...override };
}

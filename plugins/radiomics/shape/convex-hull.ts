/**
 * Exact 3D convex hull (incremental) and the maximum distance between mesh vertices through it.
 * Mesh vertices lie on a half-voxel lattice, so we build the hull in integer half-voxel units: every
 * orientation test is exact in doubles (no epsilon, no degenerate-face surprises), and the hull of the
 * scaled lattice is the hull in millimetres because scaling axes is affine.
 */

/** Keeps, for every line parallel to `axis`, only its two extreme points (inner points are never hull vertices). */
function lineExtremes(pts: Int32Array, idx: number[], axis: number): number[] {
  const a1 = (axis + 1) % 3;
  const a2 = (axis + 2) % 3;
  // Lines are keyed by their two other coordinates on a dense grid (mesh coordinates are small non-negative lattice units).
  // Integer sentinels (not ±Infinity) keep the key arithmetic in integers.
  let min1 = 0x3fffffff, max1 = -0x40000000, min2 = 0x3fffffff, max2 = -0x40000000;
  for (let k = 0; k < idx.length; k++) {
    const i = idx[k];
    const u = pts[i * 3 + a1], v = pts[i * 3 + a2];
    if (u < min1) min1 = u;
    if (u > max1) max1 = u;
    if (v < min2) min2 = v;
    if (v > max2) max2 = v;
  }
  const width = max2 - min2 + 1;
  const lo = new Int32Array((max1 - min1 + 1) * width).fill(-1);
  const hi = new Int32Array(lo.length).fill(-1);
  for (let k = 0; k < idx.length; k++) {
    const i = idx[k];
    const key = (pts[i * 3 + a1] - min1) * width + pts[i * 3 + a2] - min2;
    const v = pts[i * 3 + axis];
    if (lo[key] < 0 || v < pts[lo[key] * 3 + axis]) lo[key] = i;
    if (hi[key] < 0 || v > pts[hi[key] * 3 + axis]) hi[key] = i;
  }
  const keep: number[] = [];
  for (let k = 0; k < lo.length; k++) {
    if (lo[k] < 0) continue;
    keep.push(lo[k]);
    if (hi[k] !== lo[k]) keep.push(hi[k]);
  }
  return keep;
}

function orient(p: Int32Array, a: number, b: number, c: number, d: number): number {
  const ax = p[a * 3], ay = p[a * 3 + 1], az = p[a * 3 + 2];
  const bx = p[b * 3] - ax, by = p[b * 3 + 1] - ay, bz = p[b * 3 + 2] - az;
  const cx = p[c * 3] - ax, cy = p[c * 3 + 1] - ay, cz = p[c * 3 + 2] - az;
  const dx = p[d * 3] - ax, dy = p[d * 3 + 1] - ay, dz = p[d * 3 + 2] - az;
  return bx * (cy * dz - cz * dy) - by * (cx * dz - cz * dx) + bz * (cx * dy - cy * dx);
}

/**
 * Indices of the convex-hull vertices of integer points (x, y, z triples), or null when every point
 * is coplanar (the caller then compares all pairs).
 */
export function convexHullVertices(pts: Int32Array): number[] | null {
  const h = convexHull(pts);
  return h ? h.vertices : null;
}

/**
 * The hull's vertex indices and outward-oriented triangles (index triples into `pts`). It runs once per case, so its
 * scans run interpreted until on-stack replacement: they index arrays rather than iterate them (for…of and
 * destructuring swaps go through the iterator protocol, many times slower there).
 */
export function convexHull(pts: Int32Array): { vertices: number[]; faces: Array<[number, number, number]> } | null {
  const n = pts.length / 3;
  let cand = Array.from({ length: n }, (_, i) => i);
  for (let axis = 0; axis < 3; axis++) cand = lineExtremes(pts, cand, axis);
  if (cand.length < 4) return null;
  // A fixed pseudo-random order keeps the incremental hull's expected cost low and results reproducible.
  let seed = 12345;
  for (let i = cand.length - 1; i > 0; i--) {
    seed = (seed * 1103515245 + 12345) >>> 0;
    const j = seed % (i + 1);
    const t = cand[i];
    cand[i] = cand[j];
    cand[j] = t;
  }
  const d2 = (a: number, b: number): number => {
    const x = pts[a * 3] - pts[b * 3], y = pts[a * 3 + 1] - pts[b * 3 + 1], z = pts[a * 3 + 2] - pts[b * 3 + 2];
    return x * x + y * y + z * z;
  };
  const p0 = cand[0];
  let p1 = -1;
  for (let k = 0; k < cand.length; k++) {
    const i = cand[k];
    if (p1 < 0 || d2(p0, i) > d2(p0, p1)) p1 = i;
  }
  let p2 = -1;
  let best = 0;
  for (let k = 0; k < cand.length; k++) {
    const i = cand[k];
    const ux = pts[p1 * 3] - pts[p0 * 3], uy = pts[p1 * 3 + 1] - pts[p0 * 3 + 1], uz = pts[p1 * 3 + 2] - pts[p0 * 3 + 2];
    const vx = pts[i * 3] - pts[p0 * 3], vy = pts[i * 3 + 1] - pts[p0 * 3 + 1], vz = pts[i * 3 + 2] - pts[p0 * 3 + 2];
    const cx = uy * vz - uz * vy, cy = uz * vx - ux * vz, cz = ux * vy - uy * vx;
    const area = cx * cx + cy * cy + cz * cz;
    if (area > best) { best = area; p2 = i; }
  }
  if (p2 < 0) return null;
  let p3 = -1;
  best = 0;
  for (let k = 0; k < cand.length; k++) {
    const i = cand[k];
    const o = Math.abs(orient(pts, p0, p1, p2, i));
    if (o > best) { best = o; p3 = i; }
  }
  if (p3 < 0) return null;

  // Faces as vertex triples, oriented so that interior points give orient(...) < 0. Each point still outside the hull
  // waits in the conflict list of one face it sees (Quickhull): a face sees only the points in its list, not all of them.
  const faces: Array<[number, number, number] | null> = [];
  const conflicts: number[][] = [];
  const edgeFace = new Map<number, number>();
  const N = n + 1;
  const addFace = (a: number, b: number, c: number): number => {
    const f = faces.length;
    faces.push([a, b, c]);
    conflicts.push([]);
    edgeFace.set(a * N + b, f);
    edgeFace.set(b * N + c, f);
    edgeFace.set(c * N + a, f);
    return f;
  };
  const removeFace = (f: number): void => {
    const face = faces[f]!;
    for (let e = 0; e < 3; e++) {
      const key = face[e] * N + face[(e + 1) % 3];
      if (edgeFace.get(key) === f) edgeFace.delete(key);
    }
    faces[f] = null;
  };
  /** Puts q in the list of the first of `candidates` it sees; a point that sees none is inside the hull and dropped. */
  const assign = (q: number, candidates: number[]): void => {
    for (const f of candidates) {
      const [a, b, c] = faces[f]!;
      if (orient(pts, a, b, c, q) > 0) { conflicts[f].push(q); return; }
    }
  };
  const tetra: Array<[number, number, number]> = [[p0, p1, p2], [p0, p3, p1], [p1, p3, p2], [p2, p3, p0]];
  const sign = orient(pts, p0, p1, p2, p3) > 0 ? -1 : 1;
  const first = tetra.map(([a, b, c]) => (sign > 0 ? addFace(a, b, c) : addFace(a, c, b)));
  for (let k = 0; k < cand.length; k++) {
    const p = cand[k];
    if (p !== p0 && p !== p1 && p !== p2 && p !== p3) assign(p, first);
  }

  const pending = [...first];
  /**
   * Adds a point waiting on face f0 (if the face still exists) to the hull. A function called per step rather than
   * the loop body: convexHull runs once per case, so its loop would run interpreted until on-stack replacement.
   */
  const step = (f0: number): void => {
    if (faces[f0] === null || conflicts[f0].length === 0) return;
    const p = conflicts[f0].pop()!;
    // The faces p sees form a connected patch around f0: walk it across shared edges.
    const visible = [f0];
    const vis = new Set(visible);
    for (let k = 0; k < visible.length; k++) {
      const face = faces[visible[k]]!;
      for (let e = 0; e < 3; e++) {
        const g = edgeFace.get(face[(e + 1) % 3] * N + face[e]);
        if (g === undefined || vis.has(g)) continue;
        const [ga, gb, gc] = faces[g]!;
        if (orient(pts, ga, gb, gc, p) > 0) { vis.add(g); visible.push(g); }
      }
    }
    const horizon: number[] = []; // edge pairs u, v
    for (const f of visible) {
      const face = faces[f]!;
      for (let e = 0; e < 3; e++) {
        const u = face[e], v = face[(e + 1) % 3];
        const other = edgeFace.get(v * N + u);
        if (other === undefined || !vis.has(other)) horizon.push(u, v);
      }
    }
    const orphans = visible.flatMap((f) => conflicts[f]);
    for (const f of visible) removeFace(f);
    const added: number[] = [];
    for (let e = 0; e < horizon.length; e += 2) added.push(addFace(horizon[e], horizon[e + 1], p));
    // A point outside the new hull that saw a removed face sees one of the new faces (Barber et al. 1996).
    for (const q of orphans) if (q !== p) assign(q, added);
    pending.push(...added);
  };
  while (pending.length > 0) step(pending.pop()!);

  const verts = new Set<number>();
  const out: Array<[number, number, number]> = [];
  for (const f of faces) {
    if (!f) continue;
    out.push(f);
    for (const v of f) verts.add(v);
  }
  return { vertices: [...verts], faces: out };
}

/** Largest squared distance between any two of the given points, in mm² (points in half-voxel units). */
export function maxSquaredDistance(pts: Int32Array, idx: number[], halfSpacing: [number, number, number]): number {
  let best = 0;
  const [sx, sy, sz] = halfSpacing;
  for (let i = 0; i < idx.length; i++) {
    const a = idx[i] * 3;
    const ax = pts[a] * sx, ay = pts[a + 1] * sy, az = pts[a + 2] * sz;
    for (let j = i + 1; j < idx.length; j++) {
      const b = idx[j] * 3;
      const dx = ax - pts[b] * sx, dy = ay - pts[b + 1] * sy, dz = az - pts[b + 2] * sz;
      const d = dx * dx + dy * dy + dz * dz;
      if (d > best) best = d;
    }
  }
  return best;
}

/** 2D convex hull (Andrew's monotone chain) of integer points (u, v pairs); returns point indices. */
export function convexHull2D(u: Int32Array, v: Int32Array, idx: number[]): number[] {
  if (idx.length < 3) return idx;
  const s = [...idx].sort((a, b) => u[a] - u[b] || v[a] - v[b]);
  const cross = (o: number, a: number, b: number): number => (u[a] - u[o]) * (v[b] - v[o]) - (v[a] - v[o]) * (u[b] - u[o]);
  const lower: number[] = [];
  for (const p of s) {
    while (lower.length >= 2 && cross(lower[lower.length - 2], lower[lower.length - 1], p) <= 0) lower.pop();
    lower.push(p);
  }
  const upper: number[] = [];
  for (let i = s.length - 1; i >= 0; i--) {
    const p = s[i];
    while (upper.length >= 2 && cross(upper[upper.length - 2], upper[upper.length - 1], p) <= 0) upper.pop();
    upper.push(p);
  }
  return [...lower.slice(0, -1), ...upper.slice(0, -1)];
}

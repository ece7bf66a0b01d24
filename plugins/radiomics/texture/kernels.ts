/**
 * The texture kernels (texture-kernels.wat: the neighbour walks of GLCM, GLRLM, GLDM and the zone families, about 3×
 * faster than the same loops in JavaScript) and their memory, one instance per thread. A region's arrays are copied in
 * once, as the families of one image share them; each call's own arrays follow them.
 */
import type { PreparedRegion } from './region.js';
import { ensureBytes, instantiate } from '../wasm.js';
import { WASM_BASE64 } from './texture-kernels.wasm.js';

interface Kernels {
  memory: WebAssembly.Memory;
  glcmCounts(q: number, roi: number, from: number, to: number, steps: number, nd: number, ng: number, out: number): void;
  runCounts(q: number, roi: number, from: number, to: number, step: number, len: number, m: number, nr: number): number;
  dependenceCounts(q: number, roi: number, from: number, to: number, steps: number, ns: number, lo: number, hi: number, m: number): void;
  labelZones(
    q: number, qBytes: number, open: number, stack: number, roi: number, sliceStart: number, sz: number, steps: number,
    ns: number, dist: number, gl: number, size: number, minDist: number, slice: number,
  ): number;
}

let kernels: Kernels | null = null;
function instance(): Kernels {
  kernels ??= instantiate<Kernels>(WASM_BASE64);
  return kernels;
}

/** Byte addresses of the loaded region's arrays, and the first byte after them. */
interface Loaded {
  region: PreparedRegion;
  q: number;
  roi: number;
  sliceStart: number;
  end: number;
}
let loaded: Loaded | null = null;

/** The region's q, roi and sliceStart in kernel memory (copied unless it was the last region loaded). */
function load(k: Kernels, r: PreparedRegion): Loaded {
  if (loaded?.region === r) return loaded;
  const q = 64, roi = q + 4 * r.q.length, sliceStart = roi + 4 * r.roi.length, end = sliceStart + 4 * r.sliceStart.length;
  ensureBytes(k.memory, end);
  const heap = new Int32Array(k.memory.buffer);
  heap.set(r.q, q / 4);
  heap.set(r.roi, roi / 4);
  heap.set(r.sliceStart, sliceStart / 4);
  loaded = { region: r, q, roi, sliceStart, end };
  return loaded;
}

/**
 * Reserves the call's int32 arrays (lengths in elements) after the region's, each zeroed unless listed in `dirty`;
 * returns their byte addresses and a view maker.
 */
function reserve(k: Kernels, from: number, lengths: number[], dirty: number[] = []): { at: number[]; view: (at: number, n: number) => Int32Array } {
  const at: number[] = [];
  let end = from;
  for (const n of lengths) {
    at.push(end);
    end += 4 * n;
  }
  ensureBytes(k.memory, end);
  lengths.forEach((n, i) => { if (!dirty.includes(i)) new Int32Array(k.memory.buffer, at[i], n).fill(0); });
  return { at, view: (a, n) => new Int32Array(k.memory.buffer, a, n) };
}

/** Co-occurrence counts of the ROI voxels roi[from..to): nd matrices ng × ng, one per step, in one array. */
export function glcmCounts(r: PreparedRegion, steps: Int32Array, from: number, to: number): Int32Array {
  const k = instance();
  const l = load(k, r);
  const ng = r.grayLevels.length, nd = steps.length;
  const { at: [s, out], view } = reserve(k, l.end, [nd, nd * ng * ng]);
  view(s, nd).set(steps);
  k.glcmCounts(l.q, l.roi, from, to, s, nd, ng, out);
  return view(out, nd * ng * ng).slice();
}

/** Run counts along `step` (> 0) of roi[from..to): ng × nr; and whether some voxel's predecessor is in the ROI. */
export function runCounts(r: PreparedRegion, step: number, from: number, to: number, nr: number): { counts: Int32Array; touching: boolean } {
  const k = instance();
  const l = load(k, r);
  const ng = r.grayLevels.length;
  // The run lengths may start with any content (see the kernel): no zeroing.
  const { at: [len, m], view } = reserve(k, l.end, [r.q.length, ng * nr], [0]);
  const touching = k.runCounts(l.q, l.roi, from, to, step, len, m, nr) !== 0;
  return { counts: view(m, ng * nr).slice(), touching };
}

/** Dependence counts of roi[from..to): ng × (steps + 1); a neighbour counts when its level index is in [lo[g], hi[g]]. */
export function dependenceCountsOf(r: PreparedRegion, steps: Int32Array, lo: Int32Array, hi: Int32Array, from: number, to: number): Int32Array {
  const k = instance();
  const l = load(k, r);
  const ng = r.grayLevels.length, ns = steps.length;
  const { at: [s, a0, b0, m], view } = reserve(k, l.end, [ns, ng, ng, ng * (ns + 1)]);
  view(s, ns).set(steps);
  view(a0, ng).set(lo);
  view(b0, ng).set(hi);
  k.dependenceCounts(l.q, l.roi, from, to, s, ns, a0, b0, m);
  return view(m, ng * (ns + 1)).slice();
}

/** Zones linked through `steps`, with each zone's grey level, size, smallest `dist` (indexed like q) and first slice. */
export function zonesOf(r: PreparedRegion, steps: Int32Array, dist?: Int32Array): { count: number; gl: Int32Array; size: Int32Array; minDistance: Int32Array; slice: Int32Array } {
  const k = instance();
  const l = load(k, r);
  const cap = Math.max(1, r.nVoxels), ns = steps.length;
  // open and stack are work arrays (the kernel fills them); zone outputs are written for every zone.
  const { at: [open, stack, s, d, gl, size, minDist, slice], view } = reserve(
    k, l.end, [r.q.length, cap, ns, dist ? r.q.length : 0, cap, cap, cap, cap], [0, 1, 3, 4, 5, 6, 7],
  );
  view(s, ns).set(steps);
  if (dist) view(d, r.q.length).set(dist);
  const count = k.labelZones(l.q, 4 * r.q.length, open, stack, l.roi, l.sliceStart, r.sz, s, ns, dist ? d : 0, gl, size, minDist, slice);
  return { count, gl: view(gl, cap).slice(), size: view(size, cap).slice(), minDistance: view(minDist, cap).slice(), slice: view(slice, cap).slice() };
}

/**
 * Work buffers reused by the filters of one thread from call to call: each wavelet half of a case (and each LoG sigma,
 * in gaussian-kernel.ts's memory) needs the same few image-sized intermediates, and allocating them afresh (tens of MB
 * per case) is what filled the heap's external memory and triggered most full garbage collections. A slot keeps its
 * last buffer (so the memory held is that of the largest recent image); callers overwrite every element and never
 * hand a slot out.
 */
const f64 = new Map<number, Float64Array>();

/** The float64 work buffer of `slot`, of length n (contents undefined). */
export function scratchF64(slot: number, n: number): Float64Array {
  let b = f64.get(slot);
  if (b?.length !== n) f64.set(slot, (b = new Float64Array(n)));
  return b;
}

/**
 * The k-th output image of the current filter call, of length n: features read it before the next filter call on
 * this thread overwrites it. Fresh outputs (2 MB apiece for brain1, 13 per case) made most of the garbage collector's
 * full collections (external memory pressure).
 */
export function filterOutput(k: number, n: number): Float64Array {
  return scratchF64(100 + k, n);
}

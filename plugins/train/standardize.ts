/**
 * Column standardization with glmnet's conventions: mean and the 1/n (not 1/(n−1)) standard
 * deviation, so lambda values are comparable with glmnet's.
 */

export interface ColumnScaling {
  means: Float64Array;
  /** 1/n standard deviations; 0 for constant columns (those are left out of the fit). */
  sds: Float64Array;
}

export function columnScaling(columns: Float64Array[]): ColumnScaling {
  const p = columns.length;
  const means = new Float64Array(p);
  const sds = new Float64Array(p);
  for (let j = 0; j < p; j++) {
    const x = columns[j];
    const n = x.length;
    let m = 0;
    for (let i = 0; i < n; i++) m += x[i];
    m /= n;
    let v = 0;
    for (let i = 0; i < n; i++) v += (x[i] - m) ** 2;
    means[j] = m;
    sds[j] = Math.sqrt(v / n);
  }
  return { means, sds };
}

/** (x − mean)/sd per column; constant columns become all zeros. */
export function standardizeColumns(columns: Float64Array[], s: ColumnScaling): Float64Array[] {
  return columns.map((x, j) => {
    const out = new Float64Array(x.length);
    const sd = s.sds[j];
    if (sd > 0) for (let i = 0; i < x.length; i++) out[i] = (x[i] - s.means[j]) / sd;
    return out;
  });
}

/**
 * Principal component analysis of a small point cloud in plain JS (no tfjs), for the latent-space
 * plot: the top-k eigenvectors of the sample covariance by power iteration with deflation.
 *
 *   C = 1/(n-1) sum_i (x_i - mean)(x_i - mean)^T          [d, d]
 *   v <- C v / ||C v|| until converged; lambda = v^T C v;  C <- C - lambda v v^T   (next axis)
 *   explained_j = lambda_j / trace(C)                      (fraction of the total variance)
 *
 * Sign convention (deterministic, so the plot does not flip between refreshes of a similar
 * cloud): each axis is oriented so that its largest-magnitude entry is positive (the first one
 * on a tie). The start vector is a fixed seeded draw, so equal input gives equal output.
 */
import { createRng, normalArray } from '@/core/rng';

export interface Pca {
  /** Dimension of a point. */
  d: number;
  /** Mean of the points, [d]. */
  mean: Float64Array;
  /** Principal axes (unit vectors), row-major [k, d]. */
  axes: Float64Array;
  /** Variance along each axis (the eigenvalues lambda_j), [k]. */
  variances: number[];
  /** trace(C): the total variance over all d directions. */
  totalVariance: number;
  /** variances_j / totalVariance (0 when the total is 0), [k]. */
  explained: number[];
}

export interface PcaOptions {
  /** Number of axes (default 2, at most d). */
  k?: number;
  /** Power iterations per axis at most (default 300). */
  maxIter?: number;
  /** Stop when the axis moves less than this (Euclidean, default 1e-10). */
  tol?: number;
  /** Start vectors, [k, d] (e.g. the axes of the previous refresh); the answer does not depend on them beyond tol. */
  init?: Float64Array;
}

/**
 * @param data points, row-major [n, d]
 * @throws RangeError when n < 2 or d < 1
 */
export function pca(data: ArrayLike<number>, n: number, d: number, options: PcaOptions = {}): Pca {
  if (!(n >= 2) || !(d >= 1) || data.length < n * d) throw new RangeError(`pca: need n >= 2 points of d >= 1 (n=${n}, d=${d}, length ${data.length})`);
  const k = Math.min(options.k ?? 2, d);
  const maxIter = options.maxIter ?? 300;
  const tol = options.tol ?? 1e-10;

  const mean = new Float64Array(d);
  for (let i = 0; i < n; i++) for (let a = 0; a < d; a++) mean[a] += data[i * d + a];
  for (let a = 0; a < d; a++) mean[a] /= n;

  // Covariance, upper triangle then mirrored.
  const C = new Float64Array(d * d);
  const row = new Float64Array(d);
  for (let i = 0; i < n; i++) {
    for (let a = 0; a < d; a++) row[a] = data[i * d + a] - mean[a];
    for (let a = 0; a < d; a++) {
      const ra = row[a];
      if (ra === 0) continue;
      for (let b = a; b < d; b++) C[a * d + b] += ra * row[b];
    }
  }
  for (let a = 0; a < d; a++) {
    for (let b = a; b < d; b++) {
      const v = C[a * d + b] / (n - 1);
      C[a * d + b] = v;
      C[b * d + a] = v;
    }
  }
  let totalVariance = 0;
  for (let a = 0; a < d; a++) totalVariance += C[a * d + a];

  const axes = new Float64Array(k * d);
  const variances: number[] = [];
  const start = normalArray(createRng(0x9ca), d);
  const w = new Float64Array(d);
  for (let j = 0; j < k; j++) {
    // Warm start from a previous answer's axis when given (successive refreshes of a training
    // model differ little); otherwise a fixed seeded vector.
    const v = options.init && options.init.length >= (j + 1) * d ? Float64Array.from(options.init.subarray(j * d, (j + 1) * d)) : Float64Array.from(start);
    if (normalize(v) === 0) v.set(start);
    normalize(v);
    for (let it = 0; it < maxIter; it++) {
      matVec(C, v, w, d);
      if (normalize(w) === 0) break; // C is zero on what is left: any unit vector will do
      let moved = 0;
      for (let a = 0; a < d; a++) moved += (w[a] - v[a]) ** 2;
      v.set(w);
      if (moved < tol * tol) break;
    }
    orient(v);
    matVec(C, v, w, d);
    let lambda = 0;
    for (let a = 0; a < d; a++) lambda += v[a] * w[a];
    lambda = Math.max(0, lambda);
    // Deflate: C <- C - lambda v v^T
    for (let a = 0; a < d; a++) for (let b = 0; b < d; b++) C[a * d + b] -= lambda * v[a] * v[b];
    axes.set(v, j * d);
    variances.push(lambda);
  }
  const explained = variances.map((l) => (totalVariance > 0 ? l / totalVariance : 0));
  return { d, mean, axes, variances, totalVariance, explained };
}

/** Coordinates of points along the axes: (x - mean) . axis_j.  [m, d] -> [m, k] */
export function project(p: Pca, points: ArrayLike<number>, m: number): Float32Array {
  const k = p.axes.length / p.d;
  const out = new Float32Array(m * k);
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < k; j++) {
      let s = 0;
      for (let a = 0; a < p.d; a++) s += (points[i * p.d + a] - p.mean[a]) * p.axes[j * p.d + a];
      out[i * k + j] = s;
    }
  }
  return out;
}

function matVec(C: Float64Array, v: Float64Array, out: Float64Array, d: number): void {
  for (let a = 0; a < d; a++) {
    let s = 0;
    for (let b = 0; b < d; b++) s += C[a * d + b] * v[b];
    out[a] = s;
  }
}

/** Scales v to unit length in place; @returns the old length. */
function normalize(v: Float64Array): number {
  let s = 0;
  for (let a = 0; a < v.length; a++) s += v[a] * v[a];
  const len = Math.sqrt(s);
  if (len > 0) for (let a = 0; a < v.length; a++) v[a] /= len;
  return len;
}

/** Flips v so that its largest-magnitude entry (the first on a tie) is positive. */
function orient(v: Float64Array): void {
  let best = 0;
  for (let a = 1; a < v.length; a++) if (Math.abs(v[a]) > Math.abs(v[best]) + 1e-12) best = a;
  if (v[best] < 0) for (let a = 0; a < v.length; a++) v[a] = -v[a];
}

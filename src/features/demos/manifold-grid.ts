/**
 * The decoded latent grid ("the manifold") for a 2-D code: where the grid points sit.
 *  - VAEs: at quantiles of the prior N(0, 1) on each axis, z_i = Φ⁻¹((i + ½) / n), so that each
 *    tile covers an equal share of the prior's mass (Kingma & Welling 2014, Fig. 4).
 *  - RAE (no prior): evenly over the range its test codes take, trimmed to the 1st-99th
 *    percentile on each axis so that a few outlying codes do not stretch the grid.
 * Also the raw-axes "basis" the latent plot uses when the code is already 2-D (no PCA needed).
 * Plain numbers; no tfjs, no DOM.
 */
import type { Pca } from '@/core/stats/pca';

/** Tiles per side of the grid. */
export const GRID_SIDE = 12;

/**
 * Φ⁻¹(p), the standard normal quantile, by Acklam's rational approximation (relative error
 * below 1.2e-9 over (0, 1)). @throws RangeError unless 0 < p < 1
 */
export function probit(p: number): number {
  if (!(p > 0 && p < 1)) throw new RangeError(`probit: p must be in (0, 1), got ${p}`);
  const a = [-3.969683028665376e1, 2.209460984245205e2, -2.759285104469687e2, 1.38357751867269e2, -3.066479806614716e1, 2.506628277459239];
  const b = [-5.447609879822406e1, 1.615858368580409e2, -1.556989798598866e2, 6.680131188771972e1, -1.328068155288572e1];
  const c = [-7.784894002430293e-3, -3.223964580411365e-1, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
  const d = [7.784695709041462e-3, 3.224671290700398e-1, 2.445134137142996, 3.754408661907416];
  const lowTail = 0.02425;
  if (p < lowTail) {
    const q = Math.sqrt(-2 * Math.log(p));
    return (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
  }
  if (p > 1 - lowTail) return -probit(1 - p);
  const q = p - 0.5;
  const r = q * q;
  return ((((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q) /
    (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1);
}

/** n grid values along one axis at the prior's quantiles (i + ½) / n. */
export function priorQuantiles(n = GRID_SIDE): number[] {
  return Array.from({ length: n }, (_, i) => probit((i + 0.5) / n));
}

/** The q-quantile (0..1) of values, by linear interpolation between order statistics. */
export function quantile(values: ArrayLike<number>, q: number): number {
  const sorted = Array.from(values).filter(Number.isFinite).sort((x, y) => x - y);
  if (sorted.length === 0) return NaN;
  const at = Math.min(1, Math.max(0, q)) * (sorted.length - 1);
  const lo = Math.floor(at);
  const hi = Math.min(sorted.length - 1, lo + 1);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (at - lo);
}

/**
 * n grid values per axis at the cell centres of [1st, 99th percentile] of the codes' axis.
 * @param codes [m, 2]
 * @returns [values along z1, values along z2]
 */
export function codeRangeAxes(codes: ArrayLike<number>, m: number, n = GRID_SIDE, trim = 0.01): [number[], number[]] {
  const axis = (j: number) => {
    const v = Array.from({ length: m }, (_, i) => codes[2 * i + j]);
    let lo = quantile(v, trim);
    let hi = quantile(v, 1 - trim);
    if (!(hi > lo)) [lo, hi] = [lo - 1, lo + 1]; // collapsed codes: a unit window around them
    return Array.from({ length: n }, (_, i) => lo + ((i + 0.5) / n) * (hi - lo));
  };
  return [axis(0), axis(1)];
}

/**
 * The grid's codes, tile by tile in reading order: row r, column c holds (z1 = xs[c],
 * z2 = ys[n - 1 - r]), so z2 grows upward as on a plot. -> [n * n, 2]
 */
export function gridCodes(xs: number[], ys: number[]): Float32Array {
  const n = xs.length;
  const out = new Float32Array(n * ys.length * 2);
  for (let r = 0; r < ys.length; r++) {
    for (let c = 0; c < n; c++) {
      out[2 * (r * n + c)] = xs[c];
      out[2 * (r * n + c) + 1] = ys[ys.length - 1 - r];
    }
  }
  return out;
}

/**
 * The raw axes of 2-D codes as a "PCA" the latent plot can use: origin 0, axes z1 and z2, and
 * each axis's share of the total variance. The plot and the decoded grid then share coordinates.
 * @param codes [m, 2]
 */
export function rawAxes(codes: ArrayLike<number>, m: number): Pca {
  const mean = [0, 0];
  for (let i = 0; i < m; i++) for (let j = 0; j < 2; j++) mean[j] += codes[2 * i + j] / m;
  const variances = [0, 1].map((j) => {
    let s = 0;
    for (let i = 0; i < m; i++) s += (codes[2 * i + j] - mean[j]) ** 2;
    return m > 1 ? s / (m - 1) : 0;
  });
  const totalVariance = variances[0] + variances[1];
  return {
    d: 2, mean: new Float64Array(2), axes: Float64Array.from([1, 0, 0, 1]), variances, totalVariance,
    explained: variances.map((v) => (totalVariance > 0 ? v / totalVariance : 0)),
  };
}

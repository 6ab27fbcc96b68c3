/**
 * Small dense linear algebra for the GMM: Cholesky of a symmetric positive definite (SPD)
 * matrix, inversion of a lower-triangular factor, and log-sum-exp over mixture components. Plain JS on Float64Array,
 * row-major d x d matrices. Sized for d of a few dozen (20-d latent codes); O(d^3) per call.
 *
 * (A separate src/core/linalg/cholesky.ts serves GNCN-PDH's precision matrices; this file is
 * deliberately self-contained so the density code has no dependency on it.)
 */

/** Thrown when a matrix is not (numerically) positive definite. */
export class NotPositiveDefiniteError extends Error {}

/**
 * Cholesky factor L (lower triangular) of an SPD matrix A, A = L L^T.
 * Reads only the lower triangle of A (as LAPACK's potrf with uplo = 'L').
 * @param a row-major [d, d]
 * @returns L, row-major [d, d], zeros above the diagonal
 * @throws NotPositiveDefiniteError when a pivot is not > 0
 */
export function choleskyLower(a: Float64Array, d: number, out = new Float64Array(d * d)): Float64Array {
  out.fill(0);
  for (let i = 0; i < d; i++) {
    for (let j = 0; j <= i; j++) {
      // L_ij = (A_ij - sum_{m<j} L_im L_jm) / L_jj ;  L_ii = sqrt(A_ii - sum_{m<i} L_im^2)
      let s = a[i * d + j];
      for (let m = 0; m < j; m++) s -= out[i * d + m] * out[j * d + m];
      if (i === j) {
        if (!(s > 0)) throw new NotPositiveDefiniteError(`pivot ${i} is ${s}: matrix is not positive definite`);
        out[i * d + i] = Math.sqrt(s);
      } else {
        out[i * d + j] = s / out[j * d + j];
      }
    }
  }
  return out;
}

/**
 * Inverse of a lower-triangular matrix with a positive diagonal (forward substitution on the
 * columns of I). The inverse is lower triangular too.
 * @param l row-major [d, d] lower triangular
 * @returns L^{-1}, row-major [d, d]
 */
export function invertLowerTriangular(l: Float64Array, d: number, out = new Float64Array(d * d)): Float64Array {
  out.fill(0);
  for (let j = 0; j < d; j++) {
    // solve L u = e_j for column j of L^{-1}; u_i = 0 for i < j
    out[j * d + j] = 1 / l[j * d + j];
    for (let i = j + 1; i < d; i++) {
      let s = 0;
      for (let m = j; m < i; m++) s -= l[i * d + m] * out[m * d + j];
      out[i * d + j] = s / l[i * d + i];
    }
  }
  return out;
}

/**
 * out[i] = log sum_c exp(v[c, i]) for a component-major v [k, n], computed as
 *   m_i + log sum_c exp(v[c, i] - m_i),  m_i = max_c v[c, i],
 * so that no term overflows and at least one term is exp(0) = 1 (no log(0) from underflow).
 * The loops over i are innermost, so every pass reads memory contiguously.
 */
export function logSumExpColumns(v: Float64Array, k: number, n: number, out: Float64Array): void {
  const mx = new Float64Array(n).fill(-Infinity);
  for (let c = 0; c < k; c++) for (let i = 0; i < n; i++) if (v[c * n + i] > mx[i]) mx[i] = v[c * n + i];
  const s = new Float64Array(n);
  for (let c = 0; c < k; c++) {
    for (let i = 0; i < n; i++) if (mx[i] !== -Infinity) s[i] += Math.exp(v[c * n + i] - mx[i]);
  }
  // m + log sum exp(v - m); every v = -Infinity gives -Infinity, v = +Infinity gives +Infinity
  for (let i = 0; i < n; i++) out[i] = mx[i] === -Infinity || mx[i] === Infinity ? mx[i] : mx[i] + Math.log(s[i]);
}

/**
 * Cholesky factorization and the inverse-transpose of its factor, in plain JS (float64).
 * tfjs 4.x has no Cholesky op, so GNCN-PDH computes its precision factor here once per
 * weight update: for n = 360 that is about n^3/3 + n^3/3 = 31 MFLOP, a few tens of ms in JS.
 *
 * Matrices are row-major, A[i][j] = A[i * n + j].
 *
 * Like TensorFlow's tf.linalg.cholesky (and LAPACK potrf with uplo = 'L'), only the lower
 * triangle (j <= i) of the input is read: the upper triangle is assumed to mirror it. This
 * matters for GNCN-PDH, whose Sigma is not symmetric (ngc-learn never symmetrizes it).
 */

/**
 * Cholesky factor R of a symmetric positive-definite A = R R^T, R lower triangular with a
 * positive diagonal (Cholesky-Banachiewicz, row by row; both inner-loop operands are rows).
 *   R_jj = sqrt(A_jj - sum_{k<j} R_jk^2)
 *   R_ij = (A_ij - sum_{k<j} R_ik R_jk) / R_jj          (i > j)
 * @param A row-major n x n; only entries with j <= i are read
 * @returns R, row-major n x n, zeros above the diagonal
 * @throws Error when A is not (numerically) positive definite
 */
export function choleskyLower(A: ArrayLike<number>, n: number): Float64Array {
  if (A.length < n * n) throw new Error(`cholesky: ${A.length} values cannot hold a ${n}x${n} matrix`);
  const R = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    const ri = i * n;
    for (let j = 0; j <= i; j++) {
      const rj = j * n;
      let s = A[ri + j];
      for (let k = 0; k < j; k++) s -= R[ri + k] * R[rj + k];
      if (i === j) {
        if (!(s > 0)) throw new Error(`cholesky: matrix is not positive definite (pivot ${i} = ${s})`);
        R[ri + i] = Math.sqrt(s);
      } else {
        R[ri + j] = s / R[rj + j];
      }
    }
  }
  return R;
}

/**
 * P = (R^{-1})^T for a lower-triangular R with a nonzero diagonal; P is upper triangular.
 * Row j of P is column j of X = R^{-1}, found by forward substitution on R x = e_j:
 *   x_i = (delta_ij - sum_{j<=k<i} R_ik x_k) / R_ii           (x_i = 0 for i < j)
 * so R^T P = I and, when A = R R^T, P^T A P = I.
 * @param R row-major n x n lower triangular (entries above the diagonal are ignored)
 * @returns P, row-major n x n, zeros below the diagonal
 */
export function inverseTransposeLower(R: ArrayLike<number>, n: number): Float64Array {
  const P = new Float64Array(n * n);
  for (let j = 0; j < n; j++) {
    const pj = j * n; // x = P[j, :]
    for (let i = j; i < n; i++) {
      const ri = i * n;
      let s = i === j ? 1 : 0;
      for (let k = j; k < i; k++) s -= R[ri + k] * P[pj + k];
      P[pj + i] = s / R[ri + i];
    }
  }
  return P;
}

/**
 * The precision factor used by GNCN-PDH: P = (chol(A)^{-1})^T, reading only A's lower triangle.
 * @returns P (upper triangular) and R = chol(A) (lower triangular), both row-major n x n
 */
export function choleskyPrecision(A: ArrayLike<number>, n: number): { R: Float64Array; P: Float64Array } {
  const R = choleskyLower(A, n);
  return { R, P: inverseTransposeLower(R, n) };
}

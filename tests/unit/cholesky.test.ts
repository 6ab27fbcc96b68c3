/**
 * Cholesky and the inverse-transpose factor, against factorizations built by hand or from a
 * known R (never against the code's own output).
 */
import { describe, expect, it } from 'vitest';
import { choleskyLower, choleskyPrecision, inverseTransposeLower } from '@/core/linalg/cholesky';
import { createRng } from '@/core/rng';

/** A random lower-triangular R with a positive diagonal, row-major n x n. */
function randomLower(n: number, seed: number): Float64Array {
  const rng = createRng(seed);
  const R = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < i; j++) R[i * n + j] = rng.normal() * 0.3;
    R[i * n + i] = 0.5 + rng.uniform();
  }
  return R;
}

/** C = A B^T for row-major n x n matrices (plain triple loop). */
function mulABt(A: ArrayLike<number>, B: ArrayLike<number>, n: number): Float64Array {
  const C = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) {
    let s = 0;
    for (let k = 0; k < n; k++) s += A[i * n + k] * B[j * n + k];
    C[i * n + j] = s;
  }
  return C;
}

/** C = A^T B for row-major n x n matrices. */
function mulAtB(A: ArrayLike<number>, B: ArrayLike<number>, n: number): Float64Array {
  const C = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) {
    let s = 0;
    for (let k = 0; k < n; k++) s += A[k * n + i] * B[k * n + j];
    C[i * n + j] = s;
  }
  return C;
}

const maxAbsDiff = (a: ArrayLike<number>, b: ArrayLike<number>) => {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
};

const identity = (n: number) => {
  const I = new Float64Array(n * n);
  for (let i = 0; i < n; i++) I[i * n + i] = 1;
  return I;
};

describe('choleskyLower', () => {
  it('factors the textbook 3x3 example exactly', () => {
    // A = R R^T with R = [[2,0,0],[6,1,0],[-8,5,3]] (worked by hand)
    const A = [4, 12, -16, 12, 37, -43, -16, -43, 98];
    expect(Array.from(choleskyLower(A, 3))).toEqual([2, 0, 0, 6, 1, 0, -8, 5, 3]);
  });

  it.each([1, 7, 60])('recovers a known R from A = R R^T (n = %i)', (n) => {
    const R = randomLower(n, 100 + n);
    const A = mulABt(R, R, n);
    expect(maxAbsDiff(choleskyLower(A, n), R)).toBeLessThan(1e-10);
  });

  it('reads only the lower triangle', () => {
    const n = 25;
    const R = randomLower(n, 7);
    const A = mulABt(R, R, n);
    const garbage = Float64Array.from(A);
    const rng = createRng(99);
    for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) garbage[i * n + j] = 1e3 * (rng.uniform() - 0.5);
    const a = choleskyLower(A, n);
    const b = choleskyLower(garbage, n);
    expect(Array.from(b)).toEqual(Array.from(a)); // bit-identical
    expect(maxAbsDiff(b, R)).toBeLessThan(1e-10);
  });

  it('throws on a matrix that is not positive definite', () => {
    expect(() => choleskyLower([1, 2, 2, 1], 2)).toThrow(/positive definite/);
    expect(() => choleskyLower([0, 0, 0, 1], 2)).toThrow(/positive definite/);
  });
});

describe('inverseTransposeLower / choleskyPrecision', () => {
  it.each([1, 5, 40])('P = (R^{-1})^T: R^T P = I, P upper triangular, P^T A P = I (n = %i)', (n) => {
    const R = randomLower(n, 300 + n);
    const A = mulABt(R, R, n);
    const { R: R2, P } = choleskyPrecision(A, n);
    expect(maxAbsDiff(R2, R)).toBeLessThan(1e-10);
    for (let i = 0; i < n; i++) for (let j = 0; j < i; j++) expect(P[i * n + j]).toBe(0);
    expect(maxAbsDiff(mulAtB(R, P, n), identity(n))).toBeLessThan(1e-10);
    // P^T A P = (P^T A) P
    expect(maxAbsDiff(mulAtB(P, mulAtB(A, P, n), n), identity(n))).toBeLessThan(1e-9);
  });

  it('inverts a 2x2 lower factor by hand', () => {
    // R = [[2, 0], [1, 4]] -> R^{-1} = [[1/2, 0], [-1/8, 1/4]] -> P = [[1/2, -1/8], [0, 1/4]]
    expect(Array.from(inverseTransposeLower([2, 0, 1, 4], 2))).toEqual([0.5, -0.125, 0, 0.25]);
  });
});

/** PCA for the latent plot, against covariances whose eigen-decomposition is known. */
import { describe, expect, it } from 'vitest';
import { createRng, normalArray } from '@/core/rng';
import { pca, project } from '@/core/stats/pca';

/** An orthonormal basis of R^3: a rotation by known angles. */
function rotation(): number[][] {
  const [a, b] = [0.7, -0.4];
  const Rz = [[Math.cos(a), -Math.sin(a), 0], [Math.sin(a), Math.cos(a), 0], [0, 0, 1]];
  const Rx = [[1, 0, 0], [0, Math.cos(b), -Math.sin(b)], [0, Math.sin(b), Math.cos(b)]];
  const R = Rz.map((row) => [0, 1, 2].map((j) => row.reduce((s, v, k) => s + v * Rx[k][j], 0)));
  return [0, 1, 2].map((j) => R.map((row) => row[j])); // columns u1, u2, u3
}
const dot = (a: ArrayLike<number>, b: ArrayLike<number>) => Array.from(a).reduce((s, v, i) => s + v * b[i], 0);

describe('pca', () => {
  it('recovers the axes and variance fractions exactly for ±a u1, ±b u2, ±c u3 around a mean', () => {
    const [u1, u2, u3] = rotation();
    const [a, b, c] = [3, 2, 1];
    const mu = [5, -1, 2];
    const pts: number[] = [];
    for (const [s, u] of [[a, u1], [b, u2], [c, u3]] as const) for (const sign of [1, -1]) pts.push(...u.map((v, i) => mu[i] + sign * s * v));
    const p = pca(pts, 6, 3);
    // covariance = sum 2 s^2 u u^T / (n - 1): eigenvalues 2a^2/5, 2b^2/5, trace 2(a^2+b^2+c^2)/5
    expect(p.variances[0]).toBeCloseTo((2 * a * a) / 5, 8);
    expect(p.variances[1]).toBeCloseTo((2 * b * b) / 5, 8);
    expect(p.totalVariance).toBeCloseTo((2 * (a * a + b * b + c * c)) / 5, 10);
    expect(p.explained[0]).toBeCloseTo(9 / 14, 8);
    expect(p.explained[1]).toBeCloseTo(4 / 14, 8);
    expect(Array.from(p.mean)).toEqual(mu.map((v) => expect.closeTo(v, 12)));
    expect(Math.abs(dot(p.axes.subarray(0, 3), u1))).toBeCloseTo(1, 8);
    expect(Math.abs(dot(p.axes.subarray(3, 6), u2))).toBeCloseTo(1, 8);
    expect(dot(p.axes.subarray(0, 3), p.axes.subarray(3, 6))).toBeCloseTo(0, 8);
    // projections: ±a on the first axis for the u1 pair, 0 on the second
    const proj = project(p, pts, 6);
    expect(Math.abs(proj[0])).toBeCloseTo(a, 5);
    expect(proj[1]).toBeCloseTo(0, 5);
    expect(Math.abs(proj[2 * 2 + 1])).toBeCloseTo(b, 5);
  });

  it('recovers a sampled Gaussian with covariance U diag(9, 4, 1) U^T', () => {
    const [u1, u2] = rotation();
    const U = rotation();
    const n = 20_000;
    const eps = normalArray(createRng(11), n * 3);
    const data = new Float64Array(n * 3);
    const sd = [3, 2, 1];
    for (let i = 0; i < n; i++) for (let d = 0; d < 3; d++) for (let j = 0; j < 3; j++) data[i * 3 + d] += U[j][d] * sd[j] * eps[i * 3 + j];
    const p = pca(data, n, 3);
    expect(Math.abs(dot(p.axes.subarray(0, 3), u1))).toBeGreaterThan(0.999);
    expect(Math.abs(dot(p.axes.subarray(3, 6), u2))).toBeGreaterThan(0.999);
    expect(p.explained[0]).toBeCloseTo(9 / 14, 1);
    expect(p.explained[1]).toBeCloseTo(4 / 14, 1);
    expect(Math.abs(p.variances[0] - 9) / 9).toBeLessThan(0.05);
  });

  it('sign convention: the largest-magnitude entry of each axis is positive; equal input gives equal output', () => {
    const rng = createRng(5);
    const data = Float32Array.from({ length: 200 * 5 }, (_, i) => rng.normal() * (1 + (i % 5)));
    const p = pca(data, 200, 5);
    for (let j = 0; j < 2; j++) {
      const axis = Array.from(p.axes.subarray(j * 5, (j + 1) * 5));
      const big = axis.reduce((bi, v, i) => (Math.abs(v) > Math.abs(axis[bi]) ? i : bi), 0);
      expect(axis[big]).toBeGreaterThan(0);
    }
    const negated = pca(data.map((v) => -v), 200, 5); // same cloud mirrored: same axes (sign fixed)
    for (let a = 0; a < 10; a++) expect(negated.axes[a]).toBeCloseTo(p.axes[a], 8);
    expect(Array.from(pca(data, 200, 5).axes)).toEqual(Array.from(p.axes));
  });

  it('a warm start (previous axes) gives the same axes as a cold start', () => {
    const rng = createRng(8);
    const data = Float32Array.from({ length: 300 * 6 }, (_, i) => rng.normal() * (1 + (i % 6)));
    const cold = pca(data, 300, 6);
    const nearby = cold.axes.map((v, i) => v + 0.05 * Math.sin(i));
    const warm = pca(data, 300, 6, { init: nearby });
    for (let a = 0; a < 12; a++) expect(warm.axes[a]).toBeCloseTo(cold.axes[a], 7);
    expect(warm.variances[0]).toBeCloseTo(cold.variances[0], 9);
  });

  it('2-d codes: the two axes span the plane and explain all of the variance', () => {
    const rng = createRng(2);
    const data = Float32Array.from({ length: 500 * 2 }, (_, i) => rng.normal() * (i % 2 ? 0.5 : 2));
    const p = pca(data, 500, 2);
    expect(p.explained[0] + p.explained[1]).toBeCloseTo(1, 8);
    expect(Math.abs(p.axes[0])).toBeGreaterThan(0.99); // x has the larger spread
  });

  it('rejects fewer than two points', () => {
    expect(() => pca([1, 2], 1, 2)).toThrow(RangeError);
  });
});

/**
 * The Err classifier (src/core/metrics/classifier.ts, lbfgs.ts): the objective's gradient
 * against central finite differences, near-zero error on separable data, chance on shuffled
 * labels, and L-BFGS on a quadratic with a known minimizer.
 */
import { describe, expect, it } from 'vitest';
import { createRng, permutation, type Rng } from '@/core/rng';
import { errorPercent, evaluateClassifier, softmaxObjective, standardization } from '@/core/metrics/classifier';
import { minimizeLbfgs } from '@/core/metrics/lbfgs';

/** n points per class around well separated centers (distance ~ 10 sd) in d dimensions. */
function clusters(rng: Rng, perClass: number, C: number, d: number, spread: number) {
  const centers = Array.from({ length: C }, () => Array.from({ length: d }, () => 10 * rng.normal()));
  const X = new Float64Array(perClass * C * d);
  const y = new Uint8Array(perClass * C);
  for (let c = 0; c < C; c++) {
    for (let k = 0; k < perClass; k++) {
      const i = c * perClass + k;
      y[i] = c;
      for (let a = 0; a < d; a++) X[i * d + a] = centers[c][a] + spread * rng.normal() + 5; // offset: standardization matters
    }
  }
  return { X, y };
}

describe('softmax objective', () => {
  it('gradient matches central finite differences', () => {
    const rng = createRng(4);
    const n = 13;
    const d = 4;
    const C = 3;
    const X = Float64Array.from({ length: n * d }, () => rng.normal());
    const y = Uint8Array.from({ length: n }, () => Math.floor(rng.uniform() * C));
    const theta = Float64Array.from({ length: d * C + C }, () => 0.5 * rng.normal());
    const g = new Float64Array(theta.length);
    const l2 = 0.3;
    const f0 = softmaxObjective(X, y, n, d, C, l2, theta, g);
    // independent value: explicit formula with a direct softmax
    let ref = 0;
    for (let i = 0; i < n; i++) {
      const z = Array.from({ length: C }, (_, c) => theta[d * C + c] + Array.from({ length: d }, (_, a) => X[i * d + a] * theta[a * C + c]).reduce((p, q) => p + q, 0));
      ref += -Math.log(Math.exp(z[y[i]]) / z.reduce((p, v) => p + Math.exp(v), 0));
    }
    ref = ref / n + 0.5 * l2 * Array.from(theta.subarray(0, d * C)).reduce((p, v) => p + v * v, 0);
    expect(f0).toBeCloseTo(ref, 12);
    const h = 1e-6;
    const tmp = new Float64Array(theta.length);
    for (let k = 0; k < theta.length; k++) {
      const tp = Float64Array.from(theta);
      const tm = Float64Array.from(theta);
      tp[k] += h;
      tm[k] -= h;
      const fd = (softmaxObjective(X, y, n, d, C, l2, tp, tmp) - softmaxObjective(X, y, n, d, C, l2, tm, tmp)) / (2 * h);
      expect(g[k]).toBeCloseTo(fd, 6);
    }
  });

  it('standardization gives a constant feature sd 1 (it stays 0 after centering)', () => {
    const { mean, sd } = standardization([1, 7, 3, 7, 5, 7], 3, 2);
    expect(Array.from(mean)).toEqual([3, 7]);
    expect(sd[0]).toBeCloseTo(Math.sqrt(8 / 3), 12);
    expect(sd[1]).toBe(1);
  });
});

describe('L-BFGS', () => {
  it('finds the minimizer of an ill-conditioned quadratic', async () => {
    // f = 1/2 sum_i a_i (x_i - c_i)^2, a from 1 to 1000
    const n = 30;
    const a = Float64Array.from({ length: n }, (_, i) => 10 ** ((3 * i) / (n - 1)));
    const c = Float64Array.from({ length: n }, (_, i) => Math.sin(i));
    const r = await minimizeLbfgs((x, g) => {
      let f = 0;
      for (let i = 0; i < n; i++) {
        f += 0.5 * a[i] * (x[i] - c[i]) ** 2;
        g[i] = a[i] * (x[i] - c[i]);
      }
      return f;
    }, new Float64Array(n), { maxIter: 500, gradTol: 1e-9, relTol: 0 });
    expect(r.reason).toBe('gradient');
    for (let i = 0; i < n; i++) expect(r.x[i]).toBeCloseTo(c[i], 8);
  });
});

describe('Err classifier', () => {
  it('reaches near-zero test error on separable data', async () => {
    const rng = createRng(8);
    const C = 5;
    const d = 6;
    const train = clusters(rng, 60, C, d, 1);
    // same centers for test: rebuild with the same seed stream for the centers
    const rng2 = createRng(8);
    const all = clusters(rng2, 120, C, d, 1); // same centers (first draws), fresh points
    const r = await evaluateClassifier(train.X, train.y, all.X, all.y, d, { classes: C });
    expect(r.trainErrPercent).toBe(0);
    expect(r.errPercent).toBeLessThan(1);
    expect(r.info.iterations).toBeGreaterThan(0);
  });

  it('is at chance on shuffled labels', async () => {
    const rng = createRng(21);
    const C = 4;
    const d = 3;
    const train = clusters(rng, 250, C, d, 3);
    const test = clusters(createRng(21), 250, C, d, 3);
    // labels shuffled independently of the features
    const yTrain = Uint8Array.from(permutation(createRng(5), train.y.length), (j) => train.y[j]);
    const yTest = Uint8Array.from(permutation(createRng(6), test.y.length), (j) => test.y[j]);
    const r = await evaluateClassifier(train.X, yTrain, test.X, yTest, d, { classes: C });
    // chance error 75 %; 1000 test points give sd sqrt(.75 .25 / 1000) = 1.4 points
    expect(r.errPercent).toBeGreaterThan(75 - 6);
    expect(r.errPercent).toBeLessThan(75 + 6);
  });

  it('errorPercent counts mismatches', () => {
    expect(errorPercent([1, 2, 3, 4], [1, 0, 3, 0])).toBe(50);
  });
});

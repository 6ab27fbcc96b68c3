/**
 * The GMM (src/core/density/gmm.ts) against references computed here from the true
 * parameters: closed-form 1-D/2-D Gaussian densities, data drawn by hand as mu + L eps.
 */
import { describe, expect, it } from 'vitest';
import { fitGmm, Gmm, type GmmParams } from '@/core/density/gmm';
import { createRng, type Rng } from '@/core/rng';

/** A 2-D full-covariance mixture given by its Cholesky factors L_k = [[l11, 0], [l21, l22]]. */
interface Truth2 {
  weights: number[];
  means: [number, number][];
  L: [number, number, number][]; // l11, l21, l22
}

const TRUTH: Truth2 = {
  weights: [0.5, 0.3, 0.2],
  means: [[-4, 0], [3, 3], [2, -4]],
  L: [[1, 0, 0.5], [0.6, 0.5, 0.8], [0.4, -0.3, 1.2]],
};

const cov2 = ([l11, l21, l22]: [number, number, number]) => {
  // Sigma = L L^T
  return { s11: l11 * l11, s12: l11 * l21, s22: l21 * l21 + l22 * l22 };
};

/** log N(x; mu, Sigma) in 2-D from the explicit 2 x 2 inverse and determinant. */
function logNormal2(x: number, y: number, mu: [number, number], S: { s11: number; s12: number; s22: number }) {
  const det = S.s11 * S.s22 - S.s12 * S.s12;
  const dx = x - mu[0];
  const dy = y - mu[1];
  const quad = (S.s22 * dx * dx - 2 * S.s12 * dx * dy + S.s11 * dy * dy) / det;
  return -Math.log(2 * Math.PI) - 0.5 * Math.log(det) - 0.5 * quad;
}

/** log p(x) of the true mixture, summing densities directly (no log-sum-exp; values are moderate here). */
function trueLogDensity2(t: Truth2, x: number, y: number): number {
  let p = 0;
  t.weights.forEach((w, k) => (p += w * Math.exp(logNormal2(x, y, t.means[k], cov2(t.L[k])))));
  return Math.log(p);
}

/** n points of the true mixture: component by inverse CDF, then mu + L eps. */
function drawTruth2(t: Truth2, n: number, rng: Rng): Float64Array {
  const out = new Float64Array(2 * n);
  for (let i = 0; i < n; i++) {
    const u = rng.uniform();
    let k = 0;
    let acc = t.weights[0];
    while (u >= acc && k < t.weights.length - 1) acc += t.weights[++k];
    const e1 = rng.normal();
    const e2 = rng.normal();
    const [l11, l21, l22] = t.L[k];
    out[2 * i] = t.means[k][0] + l11 * e1;
    out[2 * i + 1] = t.means[k][1] + l21 * e1 + l22 * e2;
  }
  return out;
}

function truthParams2(t: Truth2): GmmParams {
  return {
    d: 2,
    covariance: 'full',
    weights: Float64Array.from(t.weights),
    means: Float64Array.from(t.means.flat()),
    covariances: Float64Array.from(t.L.flatMap((l) => {
      const S = cov2(l);
      return [S.s11, S.s12, S.s12, S.s22];
    })),
  };
}

/** The permutation of fitted components that best matches the true means (brute force, k <= 4). */
function matchComponents(fitMeans: Float64Array, trueMeans: number[][], d: number): number[] {
  const k = trueMeans.length;
  const perms: number[][] = [];
  const permute = (prefix: number[], rest: number[]) => {
    if (rest.length === 0) perms.push(prefix);
    rest.forEach((r, i) => permute([...prefix, r], [...rest.slice(0, i), ...rest.slice(i + 1)]));
  };
  permute([], Array.from({ length: k }, (_, i) => i));
  let best = perms[0];
  let bestCost = Infinity;
  for (const p of perms) {
    let cost = 0;
    for (let j = 0; j < k; j++) for (let a = 0; a < d; a++) cost += (fitMeans[p[j] * d + a] - trueMeans[j][a]) ** 2;
    if (cost < bestCost) {
      bestCost = cost;
      best = p;
    }
  }
  return best; // best[j] = fitted index of true component j
}

describe('Gmm.logDensity', () => {
  it('equals the closed-form 2-D mixture density (full covariance)', () => {
    const gmm = new Gmm(truthParams2(TRUTH));
    const pts = drawTruth2(TRUTH, 200, createRng(11));
    const got = gmm.logDensity(pts);
    for (let i = 0; i < 200; i++) expect(got[i]).toBeCloseTo(trueLogDensity2(TRUTH, pts[2 * i], pts[2 * i + 1]), 10);
  });

  it('equals the product of 1-D normals for a diagonal mixture in 3-D', () => {
    const params: GmmParams = {
      d: 3, covariance: 'diag',
      weights: Float64Array.from([0.25, 0.75]),
      means: Float64Array.from([0, 1, 2, -3, 0.5, 4]),
      covariances: Float64Array.from([1, 0.25, 4, 2, 0.5, 0.1]),
    };
    const gmm = new Gmm(params);
    const rng = createRng(5);
    const pts = Float64Array.from({ length: 300 }, () => 3 * rng.normal());
    const got = gmm.logDensity(pts);
    for (let i = 0; i < 100; i++) {
      let p = 0;
      for (let k = 0; k < 2; k++) {
        let logN = 0;
        for (let a = 0; a < 3; a++) {
          const v = params.covariances[k * 3 + a];
          const e = pts[i * 3 + a] - params.means[k * 3 + a];
          logN += -0.5 * Math.log(2 * Math.PI * v) - (e * e) / (2 * v);
        }
        p += params.weights[k] * Math.exp(logN);
      }
      expect(got[i]).toBeCloseTo(Math.log(p), 10);
    }
  });

  it('stays finite with far-apart components (log-sum-exp, no log(0))', () => {
    // 1-D components 2e4 apart: at any point one component's density underflows to 0 in
    // plain arithmetic, and at x = 1e6 both do.
    const gmm = new Gmm({
      d: 1, covariance: 'full',
      weights: Float64Array.from([0.4, 0.6]),
      means: Float64Array.from([-1e4, 1e4]),
      covariances: Float64Array.from([1, 4]),
    });
    const logN1 = (x: number, mu: number, v: number) => -0.5 * Math.log(2 * Math.PI * v) - ((x - mu) ** 2) / (2 * v);
    const pts = Float64Array.from([-1e4, -1e4 + 3, 1e4 - 1, 1e6, -1e6, 0]);
    const got = gmm.logDensity(pts);
    expect(Array.from(got).every(Number.isFinite)).toBe(true);
    pts.forEach((x, i) => {
      // two terms: log(e^u + e^v) = max + log(1 + e^(min - max)); here min - max < -1e3, so
      // the result is the larger term (to 1e-12 relative)
      const u = Math.log(0.4) + logN1(x, -1e4, 1);
      const v = Math.log(0.6) + logN1(x, 1e4, 4);
      const ref = Math.max(u, v) + Math.log1p(Math.exp(Math.min(u, v) - Math.max(u, v)));
      expect(Math.abs(got[i] - ref)).toBeLessThan(1e-9 * Math.max(1, Math.abs(ref)));
    });
    // naive arithmetic would give log(0) = -Infinity at every one of these points but the first three
    expect(Math.exp(Math.log(0.4) + logN1(0, -1e4, 1)) + Math.exp(Math.log(0.6) + logN1(0, 1e4, 4))).toBe(0);
  });
});

describe('fitGmm', () => {
  const train = drawTruth2(TRUTH, 3000, createRng(1));
  const heldOut = drawTruth2(TRUTH, 5000, createRng(2));

  it('recovers a known 3-component full-covariance mixture', () => {
    const gmm = fitGmm(train, 3000, 2, { k: 3, covariance: 'full', seed: 7 });
    expect(gmm.fitInfo?.converged).toBe(true);
    const match = matchComponents(gmm.means, TRUTH.means, 2);
    TRUTH.means.forEach((mu, j) => {
      const c = match[j];
      // means: the standard error is sigma / sqrt(n pi) <= 1.2 / sqrt(600) = 0.05; allow 3 SE
      expect(Math.abs(gmm.means[c * 2] - mu[0])).toBeLessThan(0.15);
      expect(Math.abs(gmm.means[c * 2 + 1] - mu[1])).toBeLessThan(0.15);
      // weights: binomial SE sqrt(0.25 / 3000) = 0.009
      expect(Math.abs(gmm.weights[c] - TRUTH.weights[j])).toBeLessThan(0.03);
      // covariance entries: relative SE ~ sqrt(2 / (n pi)) <= 0.06 of entries of size ~1
      const S = cov2(TRUTH.L[j]);
      const got = gmm.covariances.subarray(c * 4, c * 4 + 4);
      expect(Math.abs(got[0] - S.s11)).toBeLessThan(0.2 * Math.max(1, S.s11));
      expect(Math.abs(got[1] - S.s12)).toBeLessThan(0.2);
      expect(got[2]).toBe(got[1]); // symmetric
      expect(Math.abs(got[3] - S.s22)).toBeLessThan(0.2 * Math.max(1, S.s22));
    });
  });

  it("matches the true mixture's held-out log-likelihood within 0.02 nats per point", () => {
    const gmm = fitGmm(train, 3000, 2, { k: 3, covariance: 'full', seed: 7 });
    let truth = 0;
    for (let i = 0; i < 5000; i++) truth += trueLogDensity2(TRUTH, heldOut[2 * i], heldOut[2 * i + 1]);
    truth /= 5000;
    // A well-fitted model loses about (free parameters) / (2 n) = 17 / 6000 = 0.003 nats on
    // held-out data; the difference of two close densities on the same points is far less
    // noisy than either mean. 0.02 allows both; a wrong component or a bad covariance costs more.
    expect(Math.abs(gmm.meanLogDensity(heldOut) - truth)).toBeLessThan(0.02);
    // its training lower bound is the mean log-likelihood of the training data (last E-step)
    expect(gmm.fitInfo!.meanLogLik).toBeCloseTo(gmm.meanLogDensity(train), 2);
  });

  it('fits diagonal covariances', () => {
    const rng = createRng(4);
    const means = [[0, 0, 0], [5, 5, -5]];
    const sd = [[1, 0.5, 2], [0.3, 1.5, 1]];
    const n = 4000;
    const X = new Float64Array(3 * n);
    for (let i = 0; i < n; i++) {
      const k = rng.uniform() < 0.35 ? 0 : 1;
      for (let a = 0; a < 3; a++) X[3 * i + a] = means[k][a] + sd[k][a] * rng.normal();
    }
    const gmm = fitGmm(X, n, 3, { k: 2, covariance: 'diag', seed: 1 });
    expect(gmm.covariances.length).toBe(6);
    const match = matchComponents(gmm.means, means, 3);
    expect(Math.abs(gmm.weights[match[0]] - 0.35)).toBeLessThan(0.03);
    means.forEach((mu, j) => {
      for (let a = 0; a < 3; a++) {
        expect(Math.abs(gmm.means[match[j] * 3 + a] - mu[a])).toBeLessThan(0.15);
        const v = sd[j][a] ** 2;
        expect(Math.abs(gmm.covariances[match[j] * 3 + a] - v) / v).toBeLessThan(0.12);
      }
    });
  });

  it('never lowers the log-likelihood from one EM iteration to the next', () => {
    const seen: number[] = [];
    const gmm = fitGmm(train, 3000, 2, { k: 5, covariance: 'full', seed: 3, tol: 1e-8, onIteration: (_, ll) => seen.push(ll) });
    expect(seen).toEqual(gmm.fitInfo!.history);
    expect(seen.length).toBeGreaterThan(3);
    for (let i = 1; i < seen.length; i++) expect(seen[i]).toBeGreaterThanOrEqual(seen[i - 1] - 1e-9);
  });

  it('fits far-apart tight clusters without NaN (log-sum-exp in the E-step)', () => {
    const rng = createRng(9);
    const n = 400;
    const X = new Float64Array(2 * n);
    for (let i = 0; i < n; i++) {
      const c = i % 2 === 0 ? -1e4 : 1e4;
      X[2 * i] = c + 1e-2 * rng.normal();
      X[2 * i + 1] = -c + 1e-2 * rng.normal();
    }
    const gmm = fitGmm(X, n, 2, { k: 2, covariance: 'full', seed: 1 });
    expect(Number.isFinite(gmm.fitInfo!.meanLogLik)).toBe(true);
    expect(Array.from(gmm.logDensity(X)).every(Number.isFinite)).toBe(true);
    const sorted = [gmm.means[0], gmm.means[2]].sort((a, b) => a - b);
    expect(sorted[0]).toBeCloseTo(-1e4, 1);
    expect(sorted[1]).toBeCloseTo(1e4, 1);
  });

  it('is seeded: the same seed gives the same fit, other seeds other initializations', () => {
    // 8 components on 3 clusters: the solution depends on the k-means++ draws
    const a = fitGmm(train, 3000, 2, { k: 8, covariance: 'full', seed: 21 });
    const b = fitGmm(train, 3000, 2, { k: 8, covariance: 'full', seed: 21 });
    expect(Array.from(b.means)).toEqual(Array.from(a.means));
    expect(Array.from(b.covariances)).toEqual(Array.from(a.covariances));
    expect(b.fitInfo!.history).toEqual(a.fitInfo!.history);
    const others = [22, 23, 24].map((seed) => fitGmm(train, 3000, 2, { k: 8, covariance: 'full', seed, maxIter: 1 }));
    expect(others.some((o) => Array.from(o.means).join() !== Array.from(a.means).join())).toBe(true);
  });

  it('rejects k > n and non-finite data', () => {
    expect(() => fitGmm(new Float64Array(4), 2, 2, { k: 3, covariance: 'full', seed: 1 })).toThrow();
    expect(() => fitGmm(Float64Array.from([0, 1, NaN, 2]), 2, 2, { k: 1, covariance: 'full', seed: 1 })).toThrow();
  });
});

describe('Gmm.sample', () => {
  it('draws components with the mixing probabilities (not softmax of them) and the right moments', () => {
    const t: Truth2 = { weights: [0.7, 0.2, 0.1], means: [[-10, 0], [10, 0], [0, 10]], L: [[1, 0, 1], [0.5, 0.4, 0.3], [2, 1, 0.5]] };
    const gmm = new Gmm(truthParams2(t));
    const n = 20000;
    const s = gmm.sample(n, createRng(13));
    const counts = [0, 0, 0];
    const sums = t.means.map(() => [0, 0, 0, 0, 0]); // x, y, xx, xy, yy
    for (let i = 0; i < n; i++) {
      const x = s[2 * i];
      const y = s[2 * i + 1];
      // the components are >= 10 sd apart: assign by nearest mean
      let k = 0;
      let best = Infinity;
      t.means.forEach((mu, j) => {
        const dist = (x - mu[0]) ** 2 + (y - mu[1]) ** 2;
        if (dist < best) {
          best = dist;
          k = j;
        }
      });
      counts[k]++;
      sums[k][0] += x;
      sums[k][1] += y;
      sums[k][2] += x * x;
      sums[k][3] += x * y;
      sums[k][4] += y * y;
    }
    // binomial SE <= sqrt(0.25 / 20000) = 0.0035; softmax(pi) would give 0.46 / 0.28 / 0.25
    t.weights.forEach((w, k) => expect(Math.abs(counts[k] / n - w)).toBeLessThan(0.012));
    t.means.forEach((mu, k) => {
      const m = counts[k];
      const mx = sums[k][0] / m;
      const my = sums[k][1] / m;
      const S = cov2(t.L[k]);
      expect(Math.abs(mx - mu[0])).toBeLessThan(0.1);
      expect(Math.abs(my - mu[1])).toBeLessThan(0.1);
      expect(Math.abs(sums[k][2] / m - mx * mx - S.s11)).toBeLessThan(0.12 * Math.max(1, S.s11));
      expect(Math.abs(sums[k][3] / m - mx * my - S.s12)).toBeLessThan(0.12 * Math.max(1, Math.abs(S.s12)));
      expect(Math.abs(sums[k][4] / m - my * my - S.s22)).toBeLessThan(0.12 * Math.max(1, S.s22));
    });
  });
});

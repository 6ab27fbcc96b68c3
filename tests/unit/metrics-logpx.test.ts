/**
 * The log p(x) estimators (src/core/metrics/{prior-mc,importance,log-likelihood,likelihoods,
 * log-mean-exp}.ts) against a linear-Gaussian model whose marginal is known in closed form:
 *   z ~ prior,  x | z ~ N(W z + b, s^2 I)   =>   for a prior N(m, P):  x ~ N(W m + b, W P W^T + s^2 I)
 * and, for a GMM prior, the mixture of those. The references are computed here in float64 with
 * an explicit Cholesky; tolerances are statistical (a few Monte Carlo standard errors, see the
 * shared reference §7: plain MC is noisy), plus a float32 allowance.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import { createRng, type Rng } from '@/core/rng';
import { arraySource } from '@/core/metrics/common';
import { bernoulliObservation, gaussianObservation } from '@/core/metrics/likelihoods';
import { codeCompatibleLogPx, logMarginalPriorMc } from '@/core/metrics/prior-mc';
import { logMarginalImportance } from '@/core/metrics/importance';
import { gmmPriorLogPx } from '@/core/metrics/log-likelihood';
import { LogMeanExpAccumulator } from '@/core/metrics/log-mean-exp';
import { useCpuBackend } from './helpers/tf-cpu';

const J = 2;
const D = 5;
const s = 0.8;
// W [D, J] with orthogonal columns (so the exact posterior covariance is diagonal), b [D]
const W = [[1.2, 0.5], [0.6, -1], [-0.6, 0], [0, 1], [1.2, 0]];
const b = [0.3, -0.2, 0.1, 0.5, -0.4];

/** log N(x; mu, C) in float64 by an explicit Cholesky of C [n, n]. */
function logNormal(x: number[], mu: number[], C: number[][]): number {
  const n = x.length;
  const L = C.map((row) => row.map(() => 0));
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let v = C[i][j];
      for (let k = 0; k < j; k++) v -= L[i][k] * L[j][k];
      L[i][j] = i === j ? Math.sqrt(v) : v / L[j][j];
    }
  }
  const y: number[] = [];
  for (let i = 0; i < n; i++) {
    let v = x[i] - mu[i];
    for (let k = 0; k < i; k++) v -= L[i][k] * y[k];
    y.push(v / L[i][i]);
  }
  const logDet = L.reduce((a, row, i) => a + 2 * Math.log(row[i]), 0);
  return -0.5 * (n * Math.log(2 * Math.PI) + logDet + y.reduce((a, v) => a + v * v, 0));
}

/** The marginal of x for a Gaussian prior N(m, P): N(W m + b, W P W^T + s^2 I). */
function marginalGaussian(x: number[], m: number[], P: number[][]): number {
  const mean = b.map((bd, d) => bd + W[d][0] * m[0] + W[d][1] * m[1]);
  const C = W.map((wi, i) => W.map((wj, j) => {
    let v = i === j ? s * s : 0;
    for (let p = 0; p < J; p++) for (let q = 0; q < J; q++) v += wi[p] * P[p][q] * wj[q];
    return v;
  }));
  return logNormal(x, mean, C);
}

const logSumExp = (v: number[]) => {
  const m = Math.max(...v);
  return m + Math.log(v.reduce((a, x) => a + Math.exp(x - m), 0));
};

const obs = gaussianObservation((z) => tf.add(tf.matMul(z, tf.tensor2d(W, [D, J]), false, true), tf.tensor1d(b)) as tf.Tensor2D, s);

/** n images x = W z + b + s eps with z ~ N(0, I). */
function drawImages(rng: Rng, n: number): number[][] {
  return Array.from({ length: n }, () => {
    const z = [rng.normal(), rng.normal()];
    return b.map((bd, d) => bd + W[d][0] * z[0] + W[d][1] * z[1] + s * rng.normal());
  });
}
const sourceOf = (xs: number[][]) => arraySource(Float32Array.from(xs.flat()), xs.length, D);

beforeAll(async () => {
  await useCpuBackend();
});

describe('plain Monte Carlo from the prior (the paper\'s estimator)', () => {
  it('matches the closed-form marginal for draws from the exact prior N(0, I)', async () => {
    const xs = drawImages(createRng(1), 8);
    const S = 200_000;
    const rng = createRng(2);
    const codes = Float32Array.from({ length: S * J }, () => rng.normal());
    const e = await logMarginalPriorMc(obs, codes, S, J, sourceOf(xs), { chunk: 3, sampleChunk: 70_000 });
    xs.forEach((x, i) => {
      const exact = marginalGaussian(x, [0, 0], [[1, 0], [0, 1]]);
      // se is 0.003-0.008 nats here (ESS 6-33 % of S)
      expect(e.se[i]).toBeLessThan(0.01);
      expect(Math.abs(e.logPx[i] - exact)).toBeLessThan(4 * e.se[i] + 1e-3);
    });
  });

  it('with shared draws, equals a direct float64 log-mean-exp of log N(x; W z_s + b, s^2 I)', async () => {
    const xs = drawImages(createRng(10), 3);
    const S = 3000;
    const rng = createRng(11);
    const codes = Float32Array.from({ length: S * J }, () => rng.normal());
    const e = await logMarginalPriorMc(obs, codes, S, J, sourceOf(xs), { chunk: 2, sampleChunk: 1000 });
    xs.forEach((x, i) => {
      const ll = Array.from({ length: S }, (_, k) => x.reduce((a, xd, d) => {
        const m = b[d] + W[d][0] * codes[k * J] + W[d][1] * codes[k * J + 1];
        return a - 0.5 * Math.log(2 * Math.PI * s * s) - ((xd - m) ** 2) / (2 * s * s);
      }, 0));
      // log (1/S) sum_s p(x|z_s), float32 allowance only
      expect(e.logPx[i]).toBeCloseTo(logSumExp(ll) - Math.log(S), 4);
    });
  });

  it('GMM protocol: fits the mixture to codes, and agrees with the marginal under the fitted mixture', async () => {
    // codes from a 2-component mixture: 0.6 N([-2, 0], diag(.5, .3)) + 0.4 N([2, 1], [[.4, .1], [.1, .6]])
    const rng = createRng(3);
    const n = 4000;
    const codes = new Float32Array(n * J);
    for (let i = 0; i < n; i++) {
      const [e1, e2] = [rng.normal(), rng.normal()];
      if (rng.uniform() < 0.6) codes.set([-2 + Math.sqrt(0.5) * e1, Math.sqrt(0.3) * e2], 2 * i);
      else codes.set([2 + Math.sqrt(0.4) * e1, 1 + (0.1 / Math.sqrt(0.4)) * e1 + Math.sqrt(0.6 - 0.025) * e2], 2 * i);
    }
    const xs = drawImages(createRng(4), 6);
    const { estimates: e, gmm, info } = await gmmPriorLogPx(obs, codes, n, J, sourceOf(xs), { k: 2, samples: 20000, seed: 5 });
    expect(info.k).toBe(2);
    // true mixture weights recovered (0.6 / 0.4 up to sampling error)
    expect(Math.max(...gmm.weights)).toBeCloseTo(0.6, 1);
    xs.forEach((x, i) => {
      const comps = Array.from({ length: gmm.k }, (_, c) => {
        const m = [gmm.means[c * J], gmm.means[c * J + 1]];
        const P = [[gmm.covariances[c * 4], gmm.covariances[c * 4 + 1]], [gmm.covariances[c * 4 + 2], gmm.covariances[c * 4 + 3]]];
        return Math.log(gmm.weights[c]) + marginalGaussian(x, m, P);
      });
      expect(Math.abs(e.logPx[i] - logSumExp(comps))).toBeLessThan(4 * e.se[i] + 1e-3);
    });
  });

  it('GMM protocol: a constant code dimension (a dead relu unit) changes nothing but the reported code density', async () => {
    const rng = createRng(12);
    const n = 600;
    const codes2 = Float32Array.from({ length: n * J }, () => rng.normal());
    const codes3 = new Float32Array(n * 3);
    for (let i = 0; i < n; i++) codes3.set([codes2[2 * i], 0, codes2[2 * i + 1]], 3 * i); // dim 1 is always 0
    // the 3-d observation ignores the constant dimension
    const obs3 = gaussianObservation((z) => tf.add(tf.matMul(z, tf.tensor2d(W.map(([p, q]) => [p, 0, q]), [D, 3]), false, true), tf.tensor1d(b)) as tf.Tensor2D, s);
    const xs = drawImages(createRng(13), 4);
    const opts = { k: 3, samples: 2000, seed: 8, maxIter: 30 };
    const a = await gmmPriorLogPx(obs, codes2, n, J, sourceOf(xs), opts);
    const c = await gmmPriorLogPx(obs3, codes3, n, 3, sourceOf(xs), opts);
    expect(c.info.activeDims).toBe(2);
    expect(c.info.iterations).toBe(a.info.iterations);
    expect(c.info.meanLogLik - a.info.meanLogLik).toBeCloseTo(-0.5 * Math.log(2 * Math.PI * 1e-6), 8);
    xs.forEach((_, i) => expect(c.estimates.logPx[i]).toBeCloseTo(a.estimates.logPx[i], 4));
  });

  it('the code-compatible variant adds 2 log S (+17.03 nats at S = 5000)', () => {
    expect(codeCompatibleLogPx(-100, 5000) + 100).toBeCloseTo(17.034, 3);
  });
});

describe('importance sampling with a Gaussian proposal', () => {
  // exact posterior: P = (I + W^T W / s^2)^{-1} (diagonal here), mean = P W^T (x - b) / s^2
  const WtW = [0, 1].map((p) => W.reduce((a, w) => a + w[p] * w[p], 0));
  const Pdiag = WtW.map((v) => 1 / (1 + v / (s * s)));
  const A = W.map((w) => w.map((v, p) => (v * Pdiag[p]) / (s * s))); // [D, J]: mu = (x - b) A
  const posterior = (inflate: number) => (x: tf.Tensor2D) => tf.tidy(() => {
    const mu = tf.matMul(tf.sub(x, tf.tensor1d(b)), tf.tensor2d(A, [D, J])) as tf.Tensor2D;
    const logVar = tf.mul(tf.ones(mu.shape), tf.tensor1d(Pdiag.map((v) => Math.log(inflate * v)))) as tf.Tensor2D;
    return { mu, logVar };
  });

  it('is exact (zero-variance weights) when q is the exact posterior, and then ELBO = log p(x)', async () => {
    const xs = drawImages(createRng(6), 5);
    const e = await logMarginalImportance(obs, posterior(1), sourceOf(xs), { K: 4, seed: 1 });
    xs.forEach((x, i) => {
      const exact = marginalGaussian(x, [0, 0], [[1, 0], [0, 1]]);
      expect(e.logPx[i]).toBeCloseTo(exact, 3);
      expect(e.elbo[i]).toBeCloseTo(exact, 3);
    });
  });

  it('matches the closed form within Monte Carlo error for a mismatched q, with ELBO below it', async () => {
    const xs = drawImages(createRng(7), 6);
    const e = await logMarginalImportance(obs, posterior(2.5), sourceOf(xs), { K: 3000, seed: 2, chunk: 2 });
    xs.forEach((x, i) => {
      const exact = marginalGaussian(x, [0, 0], [[1, 0], [0, 1]]);
      expect(e.se[i]).toBeLessThan(0.05);
      expect(Math.abs(e.logPx[i] - exact)).toBeLessThan(4 * e.se[i] + 1e-3);
      expect(e.elbo[i]).toBeLessThan(exact);
    });
  });
});

describe('Bernoulli observation', () => {
  it('log p(x|z) equals an explicit sum with the means clipped to [1e-6, 1 - 1e-6]', () => {
    const means = [[0, 0.3, 1, 0.9], [0.5, 1e-9, 0.2, 0.999]];
    const x = [[1, 0, 1, 1], [0, 1, 1, 0], [1, 1, 0, 0]];
    const ob = bernoulliObservation((z) => z); // the "code" is the mean itself
    const out = tf.tidy(() => {
      const params = ob.decode(tf.tensor2d(means));
      return [ob.logLikAll(tf.tensor2d(x), ob.prepareAll(params)).arraySync(), ob.logLikPaired(tf.tensor2d(x.slice(0, 2)), params).arraySync()];
    }) as [number[][], number[]];
    const clip = (p: number) => Math.min(Math.max(p, Math.fround(1e-6)), Math.fround(1 - 1e-6));
    x.forEach((xi, i) => means.forEach((m, sIdx) => {
      const ref = xi.reduce((a, v, d) => a + v * Math.log(clip(m[d])) + (1 - v) * Math.log(1 - clip(m[d])), 0);
      expect(out[0][i][sIdx]).toBeCloseTo(ref, 3);
      if (i === sIdx) expect(out[1][i]).toBeCloseTo(ref, 3);
    }));
  });
});

describe('log-mean-exp accumulator', () => {
  it('chunked accumulation equals a direct float64 log-mean-exp, far from 0 without underflow', () => {
    const rng = createRng(9);
    const v = Array.from({ length: 1000 }, () => -5000 + 3 * rng.normal());
    const acc = new LogMeanExpAccumulator(1);
    for (let k = 0; k < 1000; k += 137) acc.add(0, v.slice(k, k + 137), 1, v.slice(k, k + 137).length);
    expect(acc.logMeanExp()[0]).toBeCloseTo(logSumExp(v) - Math.log(1000), 9);
    // delta-method se: sd(w) / (sqrt(S) mean(w)) with w = exp(v + 5000) (moderate here)
    const w = v.map((x) => Math.exp(x + 5000));
    const mw = w.reduce((a, x) => a + x, 0) / w.length;
    const sd = Math.sqrt(w.reduce((a, x) => a + (x - mw) ** 2, 0) / w.length);
    expect(acc.standardError()[0]).toBeCloseTo(sd / (Math.sqrt(w.length) * mw), 9);
  });
});

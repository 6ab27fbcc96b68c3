/**
 * RAE: the three regularizers against explicit sums over the weights read back to JS, the
 * loss composition, and sampling through the naive prior and through a fitted code GMM.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import { createRng } from '@/core/rng';
import { gatherImages, type MnistSplit } from '@/core/data/mnist';
import { fitGmm } from '@/core/density/gmm';
import { createRegularizedAe, RAE_DEFAULTS, type RaeRegularizer } from '@/core/models/regularized-ae';
import { useCpuBackend } from './helpers/tf-cpu';
import { headOf, loadSplit } from './helpers/mnist-node';

const D = 784;
let train: MnistSplit;
beforeAll(async () => {
  await useCpuBackend();
  train = headOf(await loadSplit('train'), 5000);
});
const images = (n: number, from = 0) => gatherImages(train, Array.from({ length: n }, (_, i) => from + i));

describe('RAE regularizers', () => {
  const squares = (values: Float32Array) => {
    let s = 0;
    for (const v of values) s += v * v;
    return s;
  };

  it.each(['decoder-l2', 'all-l2', 'ghosh'] as RaeRegularizer[])('%s equals its explicit sum over the weights', async (regularizer) => {
    const lambda = 0.004;
    const m = createRegularizedAe({ latentDim: 3, hiddenWidth: 10, lambda, regularizer, seed: 6 });
    expect(m.terms.map((t) => t.key)).toEqual(['recon', 'reg', 'loss']);
    expect(m.objectiveKey).toBe('loss');
    const x = tf.tensor2d(images(8), [8, D]);
    for (let s = 0; s < 3; s++) tf.tidy(() => m.trainStep(x, s)).dispose(); // biases move away from 0
    const w = await m.getWeights();
    const decoder = squares(w['dec1/W'].values) + squares(w['dec2/W'].values) + squares(w['decOut/W'].values);
    const encoder = squares(w['enc1/W'].values) + squares(w['enc2/W'].values) + squares(w['encZ/W'].values);
    const z = tf.tidy(() => m.encode(x)).dataSync(); // [8, 3]
    let halfZ2 = 0;
    for (const v of z) halfZ2 += 0.5 * v * v;
    halfZ2 /= 8; // mean over the batch of 1/2 ||z||^2
    const want = { 'decoder-l2': decoder, 'all-l2': decoder + encoder, ghosh: halfZ2 + decoder }[regularizer];
    const v = tf.tidy(() => m.evaluate(x, 0)).dataSync();
    const [recon, reg, loss] = Array.from(v);
    expect(reg / want).toBeCloseTo(1, 5);
    expect(loss).toBeCloseTo(recon + lambda * reg, 3);
    // biases never count: a huge bias changes nothing in R (ghosh: the code bias does, through z)
    const biased = { ...w, 'decOut/b': { shape: w['decOut/b'].shape, values: w['decOut/b'].values.map(() => 50) } };
    m.setWeights(biased);
    expect(tf.tidy(() => m.evaluate(x, 0)).dataSync()[1] / want).toBeCloseTo(1, 5);
    // lambda is live
    expect(m.setLive('lambda', 0.1)).toBe(true);
    const v2 = tf.tidy(() => m.evaluate(x, 0)).dataSync();
    expect(v2[2] / (v2[0] + 0.1 * v2[1])).toBeCloseTo(1, 6); // float32 loss of ~3e4 nats (the 50 bias)
    expect(() => m.setLive('lambda', -1)).toThrow(RangeError);
    m.dispose();
    x.dispose();
  });

  it('has the documented defaults and parameter count', () => {
    expect(RAE_DEFAULTS).toMatchObject({ latentDim: 20, hiddenWidth: 512, lambda: 1e-3, regularizer: 'decoder-l2', optimizer: 'adam', refillSteps: 0 });
    const m = createRegularizedAe();
    const H = 512;
    const J = 20;
    // encoder 784-512-512-20 (linear code), decoder 20-512-512-784, weights + biases
    expect(m.numParams).toBe((D * H + H) + (H * H + H) + (H * J + J) + (J * H + H) + (H * H + H) + (H * D + D));
    expect(m.numParams).toBe(1_350_436);
    expect(m.kind).toBe('rae');
    m.dispose();
  });
});

describe('RAE sampling', () => {
  it('before a density is fitted, draws codes from N(0, I) and says so', () => {
    const m = createRegularizedAe({ latentDim: 4, hiddenWidth: 8, seed: 1 });
    expect(m.codeDensity.kind).toBe('standard-normal');
    expect(m.codeDensity.description).toMatch(/latent holes/);
    const z = tf.tidy(() => m.sampleCodes(4000, 5)).dataSync();
    let mean = 0;
    let sq = 0;
    for (const v of z) {
      mean += v;
      sq += v * v;
    }
    mean /= z.length;
    expect(Math.abs(mean)).toBeLessThan(0.05); // SE 1 / sqrt(16000) = 0.008
    expect(Math.abs(sq / z.length - 1)).toBeLessThan(0.05);
    const s = tf.tidy(() => m.sample(3, 5));
    expect(s.shape).toEqual([3, D]);
    s.dispose();
    m.dispose();
  });

  it('after fitCodeDensity, draws codes from the GMM (moments of the fitted codes), seeded', () => {
    const J = 3;
    const m = createRegularizedAe({ latentDim: J, hiddenWidth: 8, seed: 1 });
    // codes far from N(0, I): two clusters around (5, 5, 5) and (5, -5, 5), sd 0.5
    const rng = createRng(3);
    const n = 2000;
    const codes = new Float32Array(n * J);
    for (let i = 0; i < n; i++) {
      codes[i * J] = 5 + 0.5 * rng.normal();
      codes[i * J + 1] = (i % 2 ? -5 : 5) + 0.5 * rng.normal();
      codes[i * J + 2] = 5 + 0.5 * rng.normal();
    }
    const gmm = m.fitCodeDensity(codes, n, { k: 2 });
    expect(m.codeDensity).toMatchObject({ kind: 'gmm', components: 2, stale: false });
    expect(gmm.fitInfo!.converged).toBe(true);
    const z = tf.tidy(() => m.sampleCodes(4000, 8)).dataSync();
    let m0 = 0;
    let absM1 = 0;
    let m2 = 0;
    for (let i = 0; i < 4000; i++) {
      m0 += z[i * J];
      absM1 += Math.abs(z[i * J + 1]);
      m2 += z[i * J + 2];
    }
    expect(m0 / 4000).toBeCloseTo(5, 1);
    expect(absM1 / 4000).toBeCloseTo(5, 1);
    expect(m2 / 4000).toBeCloseTo(5, 1);
    // seeded
    const a = tf.tidy(() => m.sample(4, 11)).dataSync();
    const b = tf.tidy(() => m.sample(4, 11)).dataSync();
    expect(Array.from(b)).toEqual(Array.from(a));
    // a training step makes the density stale; loading weights drops it
    const x = tf.tensor2d(images(4), [4, D]);
    tf.tidy(() => m.trainStep(x, 0)).dispose();
    expect(m.codeDensity.stale).toBe(true);
    expect(m.codeDensity.description).toMatch(/refit/);
    m.setCodeDensity(gmm);
    expect(m.codeDensity.stale).toBe(false);
    expect(() => m.setCodeDensity(fitGmm(codes, n, 1, { k: 1, covariance: 'diag', seed: 1 }))).toThrow(/dimension/);
    x.dispose();
    m.dispose();
  });

  it('fits 10 full-covariance components to 5,000 20-d codes of real images in at most 50 EM iterations', async () => {
    const m = createRegularizedAe({ latentDim: 20, hiddenWidth: 64, seed: 2 });
    const x = tf.tensor2d(images(5000), [5000, D]);
    const codesT = tf.tidy(() => m.encode(x));
    const codes = (await codesT.data()) as Float32Array;
    codesT.dispose();
    x.dispose();
    const gmm = m.fitCodeDensity(codes, 5000);
    expect(gmm.k).toBe(10);
    // the iteration cap bounds the page's wait (~40 ms per EM iteration in Node); time itself is
    // a benchmark figure, not asserted here
    expect(gmm.fitInfo!.iterations).toBeLessThanOrEqual(50);
    expect(Number.isFinite(gmm.fitInfo!.meanLogLik)).toBe(true);
    const setBack = await m.getWeights();
    m.setWeights(setBack);
    expect(m.codeDensity.kind).toBe('standard-normal'); // loading weights drops the density
    m.dispose();
  });

  it('complete keeps observed pixels exactly', () => {
    const m = createRegularizedAe({ latentDim: 4, hiddenWidth: 8, seed: 1, refillSteps: 2 });
    const x = tf.tensor2d(images(3), [3, D]);
    const mask = tf.tensor2d(Array.from({ length: 3 * D }, (_, p) => (p % 28 < 14 ? 1 : 0)), [3, D]);
    const out = tf.tidy(() => m.complete(x, mask)).dataSync();
    const xs = x.dataSync();
    for (let i = 0; i < 3 * D; i++) if (i % 28 < 14) expect(out[i]).toBe(xs[i]);
    m.dispose();
    x.dispose();
    mask.dispose();
  });
});

/**
 * decoders.ts against the models themselves: a decoder rebuilt from a getWeights() snapshot
 * must reproduce model.sample() (which decodes known codes), the GVAE posterior must reproduce
 * encode() and the KL term of evaluate(); the optional interface methods take precedence.
 * Then evaluateAll end to end on a tiny GVAE (every stage runs, the numbers are consistent).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import { gatherImages, type MnistSplit } from '@/core/data/mnist';
import { createRng, normalArray } from '@/core/rng';
import { createGaussianVae } from '@/core/models/gaussian-vae';
import { createConstantVarianceVae } from '@/core/models/constant-variance-vae';
import { createRegularizedAe } from '@/core/models/regularized-ae';
import { createGncnPdh } from '@/core/models/gncn-pdh';
import type { GenerativeModel } from '@/core/models/types';
import { decoderFor, decoderFromWeights, hasDecode, hasPosterior, posteriorFor, posteriorFromWeights } from '@/core/metrics/decoders';
import { evaluateAll } from '@/core/metrics/evaluate-all';
import { range } from '@/core/metrics/common';
import { useCpuBackend } from './helpers/tf-cpu';
import { headOf, loadSplit } from './helpers/mnist-node';

const D = 784;
let train: MnistSplit;
let test: MnistSplit;
beforeAll(async () => {
  await useCpuBackend();
  train = headOf(await loadSplit('train'), 400);
  test = headOf(await loadSplit('test'), 60);
});
const batch = (n: number) => tf.tensor2d(gatherImages(train, Array.from({ length: n }, (_, i) => i)), [n, D]);
const trainSome = (m: GenerativeModel, steps: number) => {
  const x = batch(16);
  for (let s = 0; s < steps; s++) tf.tidy(() => m.trainStep(x, s)).dispose();
  x.dispose();
};
const maxDiff = (a: tf.Tensor, b: tf.Tensor) => tf.tidy(() => tf.max(tf.abs(tf.sub(a, b))).dataSync()[0]);

describe('decoder from a weight snapshot', () => {
  it.each([
    ['gvae', () => createGaussianVae({ latentDim: 3, hiddenWidth: 12, beta: 1, learningRate: 1e-2, seed: 2 })],
    ['rae', () => createRegularizedAe({ latentDim: 3, hiddenWidth: 12, learningRate: 1e-2, seed: 2 })],
  ] as const)('%s: decode(eps) equals model.sample(n, seed), which decodes eps ~ N(0, I) from the seed', async (_, make) => {
    const m = make();
    trainSome(m, 3);
    const z = tf.tensor2d(normalArray(createRng(77), 5 * 3), [5, 3]);
    const b = tf.tidy(() => m.sample(5, 77));
    // the weights path, and decoderFor (model.decode once the interface has it)
    for (const dec of [decoderFromWeights(m.kind, await m.getWeights()), await decoderFor(m)]) {
      const a = tf.tidy(() => dec.decode(z));
      expect(maxDiff(a, b)).toBeLessThan(1e-6);
      a.dispose();
      dec.dispose();
    }
    [z, b].forEach((t) => t.dispose());
    m.dispose();
  });

  it('gncn-pdh: decode(z3) equals model.sample, which projects z3 = mean + std eps of its running code moments', async () => {
    const m = createGncnPdh({ layerSizes: [24, 24, 12], groupSize: 12, topGroupSize: 6, K: 8, seed: 3 });
    trainSome(m, 2);
    const w = await m.getWeights();
    const mean = w.codeMean.values;
    const sq = w.codeMeanSq.values;
    const eps = normalArray(createRng(5), 4 * 12);
    const z = Float32Array.from(eps, (e, i) => mean[i % 12] + Math.sqrt(Math.max(0, sq[i % 12] - mean[i % 12] ** 2)) * e);
    const b = tf.tidy(() => m.sample(4, 5));
    for (const dec of [decoderFromWeights(m.kind, w), await decoderFor(m)]) {
      const a = tf.tidy(() => dec.decode(tf.tensor2d(z, [4, 12])));
      expect(maxDiff(a, b)).toBeLessThan(1e-5);
      a.dispose();
      dec.dispose();
    }
    b.dispose();
    m.dispose();
  });
});

describe('posterior', () => {
  it('gvae: mu equals encode(x); the closed-form KL of (mu, logVar) equals the kl term of evaluate()', async () => {
    const m = createGaussianVae({ latentDim: 3, hiddenWidth: 12, beta: 1, learningRate: 1e-2, seed: 4 });
    trainSome(m, 3);
    const x = batch(6);
    const fromWeights = posteriorFromWeights('gvae', await m.getWeights());
    const post = await posteriorFor(m);
    const viaWeights = fromWeights.posterior(x);
    const { mu, logVar } = post!.posterior(x);
    expect(maxDiff(viaWeights.mu, mu)).toBeLessThan(1e-6);
    expect(maxDiff(viaWeights.logVar, logVar)).toBeLessThan(1e-6);
    [viaWeights.mu, viaWeights.logVar].forEach((t) => t.dispose());
    fromWeights.dispose();
    expect(maxDiff(mu, tf.tidy(() => m.encode(x)))).toBeLessThan(1e-6);
    // KL = 1/2 sum_j (mu^2 + exp(logVar) - 1 - logVar), mean over images
    const muv = mu.dataSync();
    const lv = logVar.dataSync();
    let kl = 0;
    for (let i = 0; i < muv.length; i++) kl += 0.5 * (muv[i] ** 2 + Math.exp(lv[i]) - 1 - lv[i]);
    const terms = tf.tidy(() => m.evaluate(x, 1)).dataSync(); // [recon, kl, negElbo]
    expect(kl / 6).toBeCloseTo(terms[1], 4);
    [x, mu, logVar].forEach((t) => t.dispose());
    post!.dispose();
    m.dispose();
  });

  it('gvae-cv: the weights path needs sigma^2, then gives log sigma^2 everywhere; RAE has none', async () => {
    const m = createConstantVarianceVae({ latentDim: 3, hiddenWidth: 12, sigma2: 0.3, seed: 4 });
    expect(() => posteriorFromWeights('gvae-cv', {})).toThrow('sigma2');
    const post = await posteriorFor(m, { sigma2: 0.3 });
    const x = batch(2);
    const { mu, logVar } = post!.posterior(x);
    expect(maxDiff(mu, tf.tidy(() => m.encode(x)))).toBeLessThan(1e-6);
    expect(Array.from(logVar.dataSync()).every((v) => Math.abs(v - Math.log(0.3)) < 1e-6)).toBe(true);
    [x, mu, logVar].forEach((t) => t.dispose());
    post!.dispose();
    m.dispose();
    const rae = createRegularizedAe({ latentDim: 2, hiddenWidth: 8 });
    expect(await posteriorFor(rae)).toBeNull();
    rae.dispose();
  });

  it('uses model.decode / model.posterior when a model has them (the proposed interface)', async () => {
    const base = createRegularizedAe({ latentDim: 2, hiddenWidth: 8 });
    const withDecode = Object.assign(Object.create(null), base, {
      decode: (z: tf.Tensor2D) => tf.fill([z.shape[0], D], 0.25) as tf.Tensor2D,
      posterior: (x: tf.Tensor2D) => ({ mu: tf.zeros([x.shape[0], 2]) as tf.Tensor2D, logVar: tf.zeros([x.shape[0], 2]) as tf.Tensor2D }),
    }) as GenerativeModel;
    // (once the proposed interface lands the RAE itself has decode; strip it for this check)
    expect(hasDecode({ ...base, decode: undefined } as unknown as GenerativeModel)).toBe(false);
    expect(hasDecode(withDecode)).toBe(true);
    expect(hasPosterior(withDecode)).toBe(true);
    const dec = await decoderFor(withDecode);
    expect(dec.source).toBe('model.decode');
    expect(tf.tidy(() => dec.decode(tf.zeros([1, 2]))).dataSync()[0]).toBe(0.25);
    expect((await posteriorFor(withDecode))?.source).toBe('model.posterior');
    base.dispose();
  });
});

describe('evaluateAll', () => {
  it('runs every stage on a tiny GVAE with consistent numbers', async () => {
    const m = createGaussianVae({ latentDim: 2, hiddenWidth: 16, beta: 1, learningRate: 3e-3, seed: 1 });
    trainSome(m, 10);
    const stages = new Set<string>();
    const r = await evaluateAll(m, {
      train, test, trainIndices: range(400), testIndices: range(60), seed: 1,
      gmm: { k: 3, codes: 200, maxIter: 20 }, samples: 300, importance: { K: 20, images: 30 },
      classifier: { maxIter: 50 }, onProgress: (s) => stages.add(s),
    });
    expect([...stages]).toEqual(['BCE', 'M-MSE', 'train codes', 'test codes', 'Err', 'log p(x) (GMM)', 'log p(x) (IS)']);
    expect(r.bce.bce).toBeGreaterThan(50);
    expect(r.mmse.maskedPixels).toBe(392);
    expect(r.err.errPercent).toBeLessThan(90);
    expect(r.logPx.gmm.codes).toBe(200); // 20 per class
    expect(r.logPx.codeCompatible - r.logPx.logPx.mean).toBeCloseTo(2 * Math.log(300), 10);
    expect(r.logPx.logPx.mean).toBeLessThan(0);
    expect(r.importance!.elbo).toBeLessThanOrEqual(r.importance!.logPx.mean);
    m.dispose();
  });
});

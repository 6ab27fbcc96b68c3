/**
 * GVAE-CV: the exact KL against a Monte Carlo estimate of E_q[log q(z) - log p(z)], the live
 * sigma^2 setting, the sigma^2 range, the decoder-L2 terms and masked completion.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import { createRng } from '@/core/rng';
import { gatherImages, type MnistSplit } from '@/core/data/mnist';
import {
  createConstantVarianceVae, createCvVaeNet, cvVaeEncode, cvVaeTerms, CV_VAE_DEFAULTS,
} from '@/core/models/constant-variance-vae';
import type { GenerativeModel } from '@/core/models/types';
import { useCpuBackend } from './helpers/tf-cpu';
import { headOf, loadSplit } from './helpers/mnist-node';

const D = 784;
let train: MnistSplit;
beforeAll(async () => {
  await useCpuBackend();
  train = headOf(await loadSplit('train'), 64);
});
const images = (n: number) => gatherImages(train, Array.from({ length: n }, (_, i) => i));
const termsOf = (m: GenerativeModel, x: tf.Tensor2D, seed: number) => {
  const v = tf.tidy(() => m.evaluate(x, seed));
  const values = v.dataSync();
  v.dispose();
  return Object.fromEntries(m.terms.map((t, i) => [t.key, values[i]]));
};

describe('GVAE-CV KL', () => {
  it.each([0.025, 0.3, 1, 2])('equals a Monte Carlo estimate of E_q[log q(z) - log p(z)] at sigma^2 = %s', (sigma2) => {
    const J = 5;
    const B = 4;
    const net = createCvVaeNet(J, 16, 31);
    // a non-zero mean, so that both the 1/2 ||mu||^2 part and the constant matter
    net.encMu.b.assign(tf.tensor1d([1.2, -0.8, 0.5, 0, 2]));
    const xs = images(B);
    const { kl, mu } = tf.tidy(() => {
      const x = tf.tensor2d(xs, [B, D]);
      const t = cvVaeTerms(net, x, tf.zeros([B, J]), sigma2, 1);
      return { kl: t.kl.dataSync()[0], mu: cvVaeEncode(net, x).dataSync() };
    });
    // MC: z = mu + sqrt(sigma^2) eps,  log q(z) - log p(z) = sum_j [log N(z_j; mu_j, sigma^2) - log N(z_j; 0, 1)]
    const S = 20000;
    const rng = createRng(77);
    let sum = 0;
    let sumSq = 0;
    const sd = Math.sqrt(sigma2);
    for (let b = 0; b < B; b++) {
      for (let s = 0; s < S; s++) {
        let f = 0;
        for (let j = 0; j < J; j++) {
          const m = mu[b * J + j];
          const z = m + sd * rng.normal();
          const logQ = -0.5 * Math.log(2 * Math.PI * sigma2) - ((z - m) ** 2) / (2 * sigma2);
          const logP = -0.5 * Math.log(2 * Math.PI) - (z * z) / 2;
          f += logQ - logP;
        }
        sum += f;
        sumSq += f * f;
      }
    }
    const n = B * S;
    const mc = sum / n;
    const se = Math.sqrt((sumSq / n - mc * mc) / n);
    // the KL is a batch mean, as is mc; 4 standard errors
    expect(Math.abs(kl - mc)).toBeLessThan(4 * se);
    // and the MC is sharp enough to tell the exact KL from the constant-free 1/2 ||mu||^2 (except at sigma^2 = 1)
    const constant = 0.5 * J * (sigma2 - 1 - Math.log(sigma2));
    if (sigma2 !== 1) expect(constant).toBeGreaterThan(10 * se);
    Object.values(net).forEach((p) => (p.W.dispose(), p.b.dispose()));
  });
});

describe('createConstantVarianceVae', () => {
  it('has the documented defaults and parameter count', () => {
    expect(CV_VAE_DEFAULTS).toMatchObject({ latentDim: 20, hiddenWidth: 512, sigma2: 1, beta: 1, decoderL2: 0, optimizer: 'adam', refillSteps: 0 });
    const m = createConstantVarianceVae();
    // 784-512-512-20 encoder (no variance head), 20-512-512-784 decoder, weights + biases
    const H = 512;
    const J = 20;
    const expected = (D * H + H) + (H * H + H) + (H * J + J) + (J * H + H) + (H * H + H) + (H * D + D);
    expect(m.numParams).toBe(expected);
    expect(m.numParams).toBe(1_350_436);
    expect(m.kind).toBe('gvae-cv');
    expect(m.terms.map((t) => t.key)).toEqual(['recon', 'kl', 'negElbo']);
    expect(m.objectiveKey).toBe('negElbo');
    m.dispose();
  });

  it('sigma2 changes live: same mu, the KL moves by exactly J/2 [(s2 - ln s2) - (s1 - ln s1)], the noise scale changes', () => {
    const J = 6;
    const m = createConstantVarianceVae({ latentDim: J, hiddenWidth: 16, sigma2: 1, seed: 4 });
    const x = tf.tensor2d(images(8), [8, D]);
    const mu1 = tf.tidy(() => m.encode(x)).dataSync();
    const t1 = termsOf(m, x, 9);
    expect(m.setLive('sigma2', 0.025)).toBe(true);
    const mu2 = tf.tidy(() => m.encode(x)).dataSync();
    const t2 = termsOf(m, x, 9);
    expect(Array.from(mu2)).toEqual(Array.from(mu1)); // no re-initialization
    const c = (s: number) => 0.5 * J * (s - Math.log(s));
    expect(t2.kl - t1.kl).toBeCloseTo(c(0.025) - c(1), 4);
    // same eps (same eval seed), smaller noise: a different reconstruction term
    expect(t2.recon).not.toBeCloseTo(t1.recon, 3);
    // negElbo = recon + beta KL with beta = 1
    expect(t2.negElbo).toBeCloseTo(t2.recon + t2.kl, 3);
    m.dispose();
    x.dispose();
  });

  it('accepts sigma^2 in [0.01, 2] only', () => {
    expect(() => createConstantVarianceVae({ hiddenWidth: 4, sigma2: 0.005 })).toThrow(RangeError);
    expect(() => createConstantVarianceVae({ hiddenWidth: 4, sigma2: 2.5 })).toThrow(RangeError);
    const m = createConstantVarianceVae({ hiddenWidth: 4, sigma2: 0.01 });
    expect(m.setLive('sigma2', 2)).toBe(true);
    expect(() => m.setLive('sigma2', 0)).toThrow(RangeError);
    expect(m.setLive('noSuchSetting', 1)).toBe(false);
    m.dispose();
  });

  it('with decoderL2 > 0 reports l2 = sum of squared decoder weights (no biases) and loss = negElbo + lambda l2', async () => {
    const lambda = 0.003;
    const m = createConstantVarianceVae({ latentDim: 4, hiddenWidth: 12, decoderL2: lambda, beta: 0.5, sigma2: 0.4, seed: 8 });
    expect(m.terms.map((t) => t.key)).toEqual(['recon', 'kl', 'negElbo', 'l2', 'loss']);
    expect(m.objectiveKey).toBe('loss');
    const x = tf.tensor2d(images(8), [8, D]);
    for (let s = 0; s < 3; s++) tf.tidy(() => m.trainStep(x, s)).dispose(); // biases move away from 0
    const w = await m.getWeights();
    let l2 = 0;
    for (const name of ['dec1/W', 'dec2/W', 'decOut/W']) for (const v of w[name].values) l2 += v * v;
    expect(Math.abs(w['decOut/b'].values[0])).toBeGreaterThan(0);
    const t = termsOf(m, x, 2);
    expect(t.l2 / l2).toBeCloseTo(1, 5);
    expect(t.negElbo).toBeCloseTo(t.recon + 0.5 * t.kl, 3);
    expect(t.loss).toBeCloseTo(t.negElbo + lambda * l2, 3);
    // lambda is live while it stays > 0; switching the term on or off needs a rebuild
    expect(m.setLive('decoderL2', 0.01)).toBe(true);
    expect(termsOf(m, x, 2).loss).toBeCloseTo(t.negElbo + 0.01 * l2, 3);
    expect(m.setLive('decoderL2', 0)).toBe(false);
    m.dispose();
    const plain = createConstantVarianceVae({ hiddenWidth: 4 });
    expect(plain.setLive('decoderL2', 0.01)).toBe(false);
    plain.dispose();
    x.dispose();
  });

  it('complete keeps observed pixels exactly; refillSteps re-encodes the completion', () => {
    const m = createConstantVarianceVae({ latentDim: 4, hiddenWidth: 16, seed: 2 });
    const x = tf.tensor2d(images(4), [4, D]);
    // the paper's mask: keep the left 14 columns, complete the right half
    const mask = tf.tensor2d(Array.from({ length: D }, (_, p) => (p % 28 < 14 ? 1 : 0)), [1, D]);
    const fill = (r: tf.Tensor2D) => tf.add(tf.mul(x, mask), tf.mul(r, tf.sub(1, mask))) as tf.Tensor2D;
    const once = tf.tidy(() => m.complete(x, mask)).dataSync();
    const manual0 = tf.tidy(() => fill(m.reconstruct(tf.mul(x, mask) as tf.Tensor2D))).dataSync();
    expect(Array.from(once)).toEqual(Array.from(manual0));
    const xs = x.dataSync();
    for (let i = 0; i < 4 * D; i++) if (i % 28 < 14) expect(once[i]).toBe(xs[i]);
    expect(m.setLive('refillSteps', 2)).toBe(true);
    const thrice = tf.tidy(() => m.complete(x, mask)).dataSync();
    const manual2 = tf.tidy(() => fill(m.reconstruct(fill(m.reconstruct(fill(m.reconstruct(tf.mul(x, mask) as tf.Tensor2D))))))).dataSync();
    expect(Array.from(thrice)).toEqual(Array.from(manual2));
    expect(Array.from(thrice)).not.toEqual(Array.from(once));
    expect(() => m.setLive('refillSteps', 1.5)).toThrow(RangeError);
    m.dispose();
    x.dispose();
    mask.dispose();
  });

  it('samples are seeded Bernoulli means from the prior', () => {
    const m = createConstantVarianceVae({ latentDim: 4, hiddenWidth: 16, seed: 2 });
    const a = tf.tidy(() => m.sample(5, 42));
    const b = tf.tidy(() => m.sample(5, 42));
    const c = tf.tidy(() => m.sample(5, 43));
    expect(a.shape).toEqual([5, D]);
    expect(Array.from(b.dataSync())).toEqual(Array.from(a.dataSync()));
    expect(Array.from(c.dataSync())).not.toEqual(Array.from(a.dataSync()));
    expect(Array.from(a.dataSync()).every((p) => p > 0 && p < 1)).toBe(true);
    tf.dispose([a, b, c]);
    m.dispose();
  });
});

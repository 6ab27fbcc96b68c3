import { beforeAll, describe, expect, it } from 'vitest';
import type * as TF from '@tensorflow/tfjs-core';
import { bernoulliNllFromLogits, klDiagGaussianToStdNormal } from '@/core/models/objectives';
import { createRng } from '@/core/rng';
import { useCpuBackend } from './helpers/tf-cpu';

let tf: typeof TF;
beforeAll(async () => {
  tf = await useCpuBackend();
});

describe('Bernoulli NLL (BCE) from logits', () => {
  it('equals the explicit per-pixel sum -[x log p + (1-x) log(1-p)] with p = sigmoid(l)', () => {
    const rng = createRng(1);
    const B = 3;
    const D = 784;
    const logits = Float32Array.from({ length: B * D }, () => (rng.uniform() - 0.5) * 16);
    const x = Float32Array.from({ length: B * D }, () => (rng.uniform() < 0.3 ? 1 : 0));
    const got = tf.tidy(() => bernoulliNllFromLogits(tf.tensor2d(x, [B, D]), tf.tensor2d(logits, [B, D])).arraySync());
    for (let b = 0; b < B; b++) {
      let expected = 0;
      for (let d = 0; d < D; d++) {
        const p = 1 / (1 + Math.exp(-logits[b * D + d]));
        expected -= x[b * D + d] ? Math.log(p) : Math.log(1 - p);
      }
      expect(got[b]).toBeCloseTo(expected, 1); // float32 sum of 784 terms of size ~1-8
      expect(Math.abs(got[b] - expected) / expected).toBeLessThan(1e-5);
    }
  });

  it('stays finite for saturated logits where log(sigmoid) would underflow', () => {
    const v = tf.tidy(() => bernoulliNllFromLogits(tf.tensor2d([[1, 0]]), tf.tensor2d([[-200, 200]])).arraySync());
    expect(v[0]).toBeCloseTo(400, 3);
  });
});

describe('closed-form Gaussian KL', () => {
  it('matches a Monte Carlo estimate of E_q[log q(z) - log p(z)]', () => {
    const mu = [0.5, -1.2, 0, 2];
    const logVar = [0, -2, 1.5, -0.3];
    const closed = tf.tidy(() => klDiagGaussianToStdNormal(tf.tensor2d([mu]), tf.tensor2d([logVar])).arraySync()[0]);
    // Monte Carlo: z ~ q, average log q(z) - log p(z); both Gaussians in closed form per unit.
    const rng = createRng(42);
    const S = 200_000;
    let sum = 0;
    let sumSq = 0;
    for (let s = 0; s < S; s++) {
      let term = 0;
      for (let j = 0; j < mu.length; j++) {
        const sigma = Math.exp(logVar[j] / 2);
        const eps = rng.normal();
        const z = mu[j] + sigma * eps;
        const logQ = -0.5 * Math.log(2 * Math.PI) - Math.log(sigma) - 0.5 * eps * eps;
        const logP = -0.5 * Math.log(2 * Math.PI) - 0.5 * z * z;
        term += logQ - logP;
      }
      sum += term;
      sumSq += term * term;
    }
    const mean = sum / S;
    const stderr = Math.sqrt((sumSq / S - mean * mean) / S);
    expect(Math.abs(closed - mean)).toBeLessThan(4 * stderr);
    expect(stderr).toBeLessThan(0.02); // the check is tight enough to catch a missing 1/2
  });

  it('is zero exactly at the prior', () => {
    const v = tf.tidy(() => klDiagGaussianToStdNormal(tf.zeros([2, 5]) as TF.Tensor2D, tf.zeros([2, 5]) as TF.Tensor2D).arraySync());
    expect(v).toEqual([0, 0]);
  });
});

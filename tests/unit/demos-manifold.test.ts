/**
 * The decoded latent grid's placement (src/features/demos/manifold-grid.ts) against independent
 * references: Φ by its Taylor series, known normal quantiles, hand-computed percentiles; and
 * model-queries' decode(z) against the model's own reconstruction (decode(encode(x)) = reconstruct(x)).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type * as TF from '@tensorflow/tfjs-core';
import { codeRangeAxes, gridCodes, priorQuantiles, probit, quantile, rawAxes } from '@/features/demos/manifold-grid';
import { project } from '@/core/stats/pca';
import { createModel } from '@/session/model-factory';
import { decode, encode, reconstruct } from '@/session/model-queries';
import { defaultSettings, type Settings } from '@/settings/settings';
import { useCpuBackend } from './helpers/tf-cpu';

/** Φ(x) = 1/2 + φ(x) Σ x^(2k+1) / (1·3·…·(2k+1)) (Marsaglia 2004), an independent normal CDF. */
function normalCdf(x: number): number {
  let term = x;
  let sum = x;
  for (let k = 1; k < 200; k++) {
    term *= (x * x) / (2 * k + 1);
    sum += term;
  }
  return 0.5 + (sum * Math.exp(-0.5 * x * x)) / Math.sqrt(2 * Math.PI);
}

describe('probit', () => {
  it('matches known quantiles and inverts an independent Φ across (0, 1), tails included', () => {
    expect(probit(0.5)).toBeCloseTo(0, 12);
    expect(probit(0.975)).toBeCloseTo(1.959963984540054, 8);
    expect(probit(0.001)).toBeCloseTo(-3.090232306167813, 7);
    for (const p of [1e-6, 0.01, 0.02425, 0.1, 0.3, 0.6, 0.9, 0.98, 0.999]) expect(normalCdf(probit(p))).toBeCloseTo(p, 8);
  });
  it('refuses p outside (0, 1)', () => {
    for (const p of [0, 1, -0.1, NaN]) expect(() => probit(p)).toThrow(RangeError);
  });
});

describe('grid placement', () => {
  it('puts the 12 prior quantiles at Φ⁻¹((i + ½)/12): symmetric, increasing, ±1.732 at the ends', () => {
    const q = priorQuantiles(12);
    expect(q).toHaveLength(12);
    expect(q[0]).toBeCloseTo(-1.7317, 3);
    q.forEach((v, i) => expect(v).toBeCloseTo(-q[11 - i], 10));
    for (let i = 1; i < 12; i++) expect(q[i]).toBeGreaterThan(q[i - 1]);
    q.forEach((v, i) => expect(normalCdf(v)).toBeCloseTo((i + 0.5) / 12, 8));
  });
  it('spans the codes between their 1st and 99th percentiles, at cell centres', () => {
    expect(quantile([3, 1, 2, 4], 0.5)).toBeCloseTo(2.5, 12);
    // Axis 0 takes the values 0..100, axis 1 ten times that: percentiles 1 and 99 are 1 and 99 (and 10, 990).
    const m = 101;
    const codes = new Float32Array(2 * m);
    for (let i = 0; i < m; i++) { codes[2 * i] = i; codes[2 * i + 1] = 10 * i; }
    const [xs, ys] = codeRangeAxes(codes, m, 4);
    expect(xs.map((v) => +v.toFixed(6))).toEqual([13.25, 37.75, 62.25, 86.75]); // 1 + (i + 0.5) * 98 / 4
    expect(ys[0]).toBeCloseTo(132.5, 4);
    // Codes that all collapsed to one point get a unit window around it, not a zero-width grid.
    const [cx] = codeRangeAxes(new Float32Array(20).fill(0.5), 10, 2);
    expect(cx).toEqual([0, 1]);
  });
  it('lays tiles out in reading order with z2 growing upward', () => {
    const g = gridCodes([1, 2, 3], [10, 20, 30]);
    expect(Array.from(g.subarray(0, 2))).toEqual([1, 30]); // top left
    expect(Array.from(g.subarray(2 * 8))).toEqual([3, 10]); // bottom right
  });
  it("rawAxes keeps 2-D codes as they are, with each axis's share of the variance", () => {
    const codes = Float32Array.from([0, 0, 2, 0, 0, 1, 2, 1]); // var z1 = 4/3, var z2 = 1/3
    const b = rawAxes(codes, 4);
    expect(Array.from(project(b, codes, 4))).toEqual(Array.from(codes));
    expect(b.explained[0]).toBeCloseTo(0.8, 10);
    expect(b.explained[1]).toBeCloseTo(0.2, 10);
  });
});

describe('decode query', () => {
  let tf: typeof TF;
  beforeAll(async () => { tf = await useCpuBackend(); });

  it('decode(encode(x)) is the reconstruction for the VAEs and the RAE, and leaks nothing', async () => {
    const x = new Float32Array(3 * 784).map((_, p) => ((p * 7919) % 13 < 4 ? 1 : 0));
    for (const model of ['gvae', 'gvae-cv', 'rae'] as const) {
      const m = createModel({ ...defaultSettings(), model, hiddenWidth: 32, latentDim: 2 } as Settings);
      const before = tf.memory().numTensors;
      const z = await encode(m, x, 3);
      const [viaCode, recon] = [await decode(m, z, 3), await reconstruct(m, x, 3)];
      expect(tf.memory().numTensors).toBe(before);
      for (let p = 0; p < recon.length; p += 97) expect(viaCode[p]).toBeCloseTo(recon[p], 5);
      expect(() => decode(m, new Float32Array(5), 3)).toThrow(RangeError);
      m.dispose();
    }
  });
});

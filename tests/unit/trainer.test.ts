import { beforeAll, describe, expect, it } from 'vitest';
import type * as TF from '@tensorflow/tfjs-core';
import { clippedGradientStep } from '@/core/train/gradients';
import { CAP, entryCount, entryFirst, stackSize, stepsCovered, Trainer } from '@/core/train/trainer';
import { createGaussianVae } from '@/core/models/gaussian-vae';
import type { GenerativeModel } from '@/core/models/types';
import type { MnistSplit } from '@/core/data/mnist';
import { useCpuBackend } from './helpers/tf-cpu';
import { headOf, loadSplit } from './helpers/mnist-node';

let tf: typeof TF;
let train: MnistSplit;
beforeAll(async () => {
  tf = await useCpuBackend();
  train = headOf(await loadSplit('train'), 512);
});

describe('clippedGradientStep', () => {
  // f(w) = 1/2 ||w - a||^2 has gradient w - a; SGD with rate 1 moves w by -g * min(1, c/||g||).
  it('applies the raw gradient when its norm is below the radius, and rescales it to the radius above', () => {
    for (const [a, expectedNorm] of [[[0.3, -0.4], 0.5], [[30, -40], 50]] as const) {
      const w = tf.variable(tf.zeros([2]), true, `w${expectedNorm}`);
      const target = tf.tensor1d(a as unknown as number[]);
      const opt = tf.train.sgd(1);
      const norm = tf.tidy(() => clippedGradientStep(opt, [w], () => tf.mul(0.5, tf.sum(tf.square(tf.sub(w, target)))) as TF.Scalar, 5).arraySync());
      expect(norm).toBeCloseTo(expectedNorm, 4);
      const scale = Math.min(1, 5 / expectedNorm);
      const got = w.arraySync() as number[];
      expect(got[0]).toBeCloseTo(a[0] * scale, 4);
      expect(got[1]).toBeCloseTo(a[1] * scale, 4);
      w.dispose();
      target.dispose();
      opt.dispose();
    }
  });
});

describe('Trainer', () => {
  const tiny = () => createGaussianVae({ latentDim: 4, hiddenWidth: 32, beta: 1, learningRate: 1e-3, seed: 3 });

  it('leaks no tensors over steps and readbacks', async () => {
    const model = tiny();
    const trainer = new Trainer({ model, train, batchSize: 16, seed: 1 });
    trainer.runSteps(1);
    await trainer.readback(); // the optimizer creates its slots on the first step
    const before = tf.memory().numTensors;
    trainer.runSteps(5);
    expect(trainer.unread).toBe(5);
    await trainer.readback();
    expect(tf.memory().numTensors).toBe(before);
    trainer.dispose();
    model.dispose();
  });

  it('reads many steps back at once into a per-step history', async () => {
    const model = tiny();
    const trainer = new Trainer({ model, train, batchSize: 16, seed: 1 });
    trainer.runSteps(7);
    const { latest, divergence } = await trainer.readback();
    expect(divergence).toBeNull();
    expect(trainer.history.steps).toEqual([0, 1, 2, 3, 4, 5, 6]);
    expect(trainer.history.terms.negElbo).toHaveLength(7);
    // the named terms add up: -ELBO = recon + beta KL (beta = 1)
    expect(latest!.negElbo).toBeCloseTo(latest!.recon + latest!.kl, 3);
    trainer.dispose();
    model.dispose();
  });

  it('names the first non-finite term and keeps it out of the history', async () => {
    const terms = [{ key: 'a', label: 'a', tex: 'a', unit: 'nats' as const, description: '' }, { key: 'b', label: 'b', tex: 'b', unit: 'nats' as const, description: '' }];
    let calls = 0;
    const fake = {
      kind: 'gvae', terms, objectiveKey: 'a', codeSize: 1, numParams: 0,
      trainStep: () => tf.tensor1d(calls++ < 2 ? [1, 2] : [3, NaN]),
    } as unknown as GenerativeModel;
    const trainer = new Trainer({ model: fake, train, batchSize: 4, seed: 1 });
    trainer.runSteps(4);
    const { divergence, read } = await trainer.readback();
    expect(divergence).toEqual({ term: 'b', step: 2, value: NaN });
    expect(trainer.history.steps).toEqual([0, 1]);
    expect(read).toBe(2);
  });

  it('stacks readbacks of 1..20 steps at a few power-of-two sizes (one WebGL program each), reading only the real steps', async () => {
    const terms = [{ key: 'a', label: 'a', tex: 'a', unit: 'nats' as const, description: '' }, { key: 'b', label: 'b', tex: 'b', unit: 'nats' as const, description: '' }];
    const fake = {
      kind: 'gvae', terms, objectiveKey: 'a', codeSize: 1, numParams: 0,
      trainStep: (_x: unknown, step: number) => tf.tensor1d([step, -2 * step]),
    } as unknown as GenerativeModel;
    const trainer = new Trainer({ model: fake, train, batchSize: 2, seed: 1 });
    const stackedRows = new Set<number>();
    let expected = 0;
    for (let n = 1; n <= 20; n++) {
      trainer.runSteps(n);
      const before = tf.memory().numTensors;
      const info = await tf.profile(async () => {
        const { read } = await trainer.readback();
        expect(read).toBe(n);
      });
      expect(tf.memory().numTensors).toBe(before - n); // the n queued vectors are freed, the repeats are not extra tensors
      for (const k of info.kernels) if (k.name === 'Pack' || k.name === 'Concat') stackedRows.add(k.outputShapes[0][0]);
      expected += n;
    }
    expect([...stackedRows].sort((x, y) => x - y)).toEqual([1, 2, 4, 8, 16, 32]);
    const h = trainer.history;
    expect(h.steps).toEqual(Array.from({ length: expected }, (_, i) => i));
    expect(h.terms.a).toEqual(h.steps);
    expect(h.terms.b).toEqual(h.steps.map((s) => -2 * s));
    expect([1, 2, 3, 5, 8, 9, 17, 20, 33].map(stackSize)).toEqual([1, 2, 4, 8, 8, 16, 32, 32, 64]);
    trainer.dispose();
  });

  it('keeps a long run under the history cap: read counts every step, bins hold the means of their steps', async () => {
    // a fake model whose terms are known functions of the step: a = step, b = sin(step)
    const terms = [{ key: 'a', label: 'a', tex: 'a', unit: 'nats' as const, description: '' }, { key: 'b', label: 'b', tex: 'b', unit: 'nats' as const, description: '' }];
    const fake = {
      kind: 'gvae', terms, objectiveKey: 'a', codeSize: 1, numParams: 0,
      trainStep: (_x: unknown, step: number) => tf.tensor1d([step, Math.sin(step)]),
    } as unknown as GenerativeModel;
    const trainer = new Trainer({ model: fake, train, batchSize: 2, seed: 1 });
    const total = CAP + 3000;
    let read = 0;
    for (let done = 0; done < total; done += 50) {
      trainer.runSteps(50);
      read += (await trainer.readback()).read;
      expect(trainer.history.steps.length).toBeLessThanOrEqual(CAP);
    }
    expect(read).toBe(total);
    const h = trainer.history;
    expect(stepsCovered(h)).toBe(total);
    expect(entryCount(h, 0)).toBeGreaterThan(1); // merged
    for (let i = 0; i < h.steps.length; i++) {
      const from = entryFirst(h, i);
      const to = h.steps[i];
      let sin = 0;
      for (let s = from; s <= to; s++) sin += Math.fround(Math.sin(s)); // the float32 values read back
      expect(entryCount(h, i)).toBe(to - from + 1);
      expect(h.terms.a[i]).toBeCloseTo((from + to) / 2, 6);
      expect(h.terms.b[i]).toBeCloseTo(sin / (to - from + 1), 6);
    }
    trainer.dispose();
  });

  it('replays the same losses from the same seed', async () => {
    const run = async () => {
      const model = tiny();
      const trainer = new Trainer({ model, train, batchSize: 16, seed: 9 });
      trainer.runSteps(3);
      await trainer.readback();
      const out = trainer.history.terms.negElbo.slice();
      trainer.dispose();
      model.dispose();
      return out;
    };
    expect(await run()).toEqual(await run());
  });
});

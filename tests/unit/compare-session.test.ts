/**
 * Side-by-side runs (src/session/compare-session.ts) on real MNIST with the CPU backend:
 * arms really train in lockstep (checked against the plain core loop and against the closed-form
 * KL constant of GVAE-CV), the frame loop never leaves arms at different steps, and nothing leaks.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type * as TF from '@tensorflow/tfjs-core';
import type { MnistSplit } from '@/core/data/mnist';
import { Trainer } from '@/core/train/trainer';
import { CompareSession } from '@/session/compare-session';
import { createModel } from '@/session/model-factory';
import { reconstruct } from '@/session/model-queries';
import { defaultSettings, type Settings } from '@/settings/settings';
import { useCpuBackend } from './helpers/tf-cpu';
import { headOf, loadSplit } from './helpers/mnist-node';

let tf: typeof TF;
let train: MnistSplit;
beforeAll(async () => {
  tf = await useCpuBackend();
  train = headOf(await loadSplit('train'), 512);
});

const small = (patch: Partial<Settings>): Settings => ({ ...defaultSettings(), hiddenWidth: 32, latentDim: 6, batchSize: 16, seed: 3, ...patch } as Settings);

/** A manual frame scheduler: frames run only when the test says so. */
function manualFrames() {
  const queue: (() => void)[] = [];
  return {
    opts: { frame: (cb: () => void) => queue.push(cb), cancelFrame: () => { queue.length = 0; } },
    run(n: number) {
      for (let i = 0; i < n && queue.length; i++) queue.shift()!();
    },
  };
}

describe('CompareSession', () => {
  it('trains each arm exactly as the plain core loop does, on the same batches', async () => {
    const s = small({ model: 'gvae' });
    const run = new CompareSession(train, [{ label: 'A', settings: s }, { label: 'B', settings: s }]);
    run.runSteps(4);
    await run.readback();
    // The reference: one model and one Trainer, as the main session trains them.
    const model = createModel(s);
    const trainer = new Trainer({ model, train, batchSize: s.batchSize, seed: s.seed });
    trainer.runSteps(4);
    await trainer.readback();
    const [a, b] = run.histories();
    expect(a.steps).toEqual([0, 1, 2, 3]);
    expect(a.terms).toEqual(trainer.history.terms);
    expect(b.terms).toEqual(trainer.history.terms);
    expect(run.getSnapshot().step).toBe(4);
    run.dispose();
    model.dispose();
    trainer.dispose();
  });

  it('GVAE-CV at σ² = 0.1 and 1: the first step differs in KL by exactly the constant J/2 (σ² − 1 − ln σ²)', async () => {
    const J = 6;
    const run = new CompareSession(train, [
      { label: 'σ² = 0.1', settings: small({ model: 'gvae-cv', sigma2: 0.1, latentDim: J }) },
      { label: 'σ² = 1', settings: small({ model: 'gvae-cv', sigma2: 1, latentDim: J }) },
    ]);
    run.runSteps(3);
    await run.readback();
    const [a, b] = run.histories();
    // Same initial weights and the same first batch give the same mu, so 1/2 ||mu||^2 cancels.
    const constant = (s2: number) => (J / 2) * (s2 - 1 - Math.log(s2));
    expect(a.terms.kl[0] - b.terms.kl[0]).toBeCloseTo(constant(0.1) - constant(1), 3);
    // The noise scale differs, so the reconstruction terms differ.
    expect(a.terms.recon[0]).not.toBeCloseTo(b.terms.recon[0], 1);
    run.dispose();
  });

  it('refuses arms that would not see the same batches', () => {
    expect(() => new CompareSession(train, [
      { label: 'A', settings: small({ seed: 1 }) }, { label: 'B', settings: small({ seed: 2 }) },
    ])).toThrow(RangeError);
    expect(() => new CompareSession(train, [
      { label: 'A', settings: small({ batchSize: 16 }) }, { label: 'B', settings: small({ batchSize: 32 }) },
    ])).toThrow(/batch size/);
  });

  it('the frame loop steps one arm at a time, and a pause completes the lockstep step', async () => {
    const frames = manualFrames();
    const run = new CompareSession(train, [
      { label: 'GVAE', settings: small({ model: 'gvae' }) },
      { label: 'RAE', settings: small({ model: 'rae' }) },
      { label: 'GNCN-PDH', settings: small({ model: 'gncn-pdh', layerWidth: 48, topColumnSize: 2, settlingSteps: 3 }) },
    ], frames.opts);
    run.play();
    frames.run(2); // at one step per frame (each takes longer than the budget on CPU), the third arm has not stepped yet
    run.pause();
    await new Promise((r) => setTimeout(r, 0));
    await run.readback();
    const lengths = run.histories().map((h) => h.steps.length);
    expect(lengths[0]).toBeGreaterThan(0);
    expect(new Set(lengths).size).toBe(1);
    expect(run.getSnapshot().step).toBe(lengths[0]);
    expect(run.getSnapshot().playing).toBe(false);
    run.dispose();
  });

  it('leaves no tensors behind after queries and dispose; a query after dispose is an AbortError', async () => {
    const before = tf.memory().numTensors;
    const run = new CompareSession(train, [
      { label: 'A', settings: small({ model: 'rae' }) }, { label: 'B', settings: small({ model: 'rae', lambda: 0.1 }) },
    ]);
    run.runSteps(2);
    await run.readback();
    const during = tf.memory().numTensors;
    const x = new Float32Array(2 * 784).fill(1);
    const r = await run.query(1, (m) => reconstruct(m, x, 2));
    expect(r.length).toBe(2 * 784);
    expect(tf.memory().numTensors).toBe(during);
    run.dispose();
    expect(tf.memory().numTensors).toBe(before);
    await expect(run.query(0, (m) => reconstruct(m, x, 2))).rejects.toMatchObject({ name: 'AbortError' });
  });
});

/**
 * No tensor leaks over long runs: 1,000 training steps of each model (small sizes), with batched
 * readbacks, test evaluations and reconstructions in between, end with exactly as many tensors as
 * after the first step (when the optimizer has made its slots); disposing the model and trainer
 * returns to the count before the model existed. WASM in Node (the same kernels as the page's
 * fallback; ~10x faster than the CPU backend, which keeps this test near a minute).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-wasm';
import type { MnistSplit } from '@/core/data/mnist';
import type { ModelKind } from '@/core/models/types';
import { evaluateTerms, readImages, Trainer } from '@/core/train/trainer';
import { createModel } from '@/session/model-factory';
import { defaultSettings } from '@/settings/settings';
import { headOf, loadSplit } from './helpers/mnist-node';

const STEPS = 1000;
const READBACK_EVERY = 10;
let train: MnistSplit;
let test: MnistSplit;

beforeAll(async () => {
  await tf.setBackend('wasm');
  await tf.ready();
  train = headOf(await loadSplit('train'), 2048);
  test = headOf(await loadSplit('test'), 200);
});

const SMALL = { hiddenWidth: 32, latentDim: 8, batchSize: 16, layerWidth: 48, topColumnSize: 2, settlingSteps: 3 };

describe.each(['gvae', 'gvae-cv', 'rae', 'gncn-pdh'] as ModelKind[])('%s over 1,000 steps', (kind) => {
  it('keeps numTensors flat and frees everything on dispose', { timeout: 240_000 }, async () => {
    expect(tf.getBackend()).toBe('wasm');
    const empty = tf.memory().numTensors;
    const model = createModel({ ...defaultSettings(), ...SMALL, model: kind });
    const trainer = new Trainer({ model, train, batchSize: SMALL.batchSize, seed: 7 });
    trainer.runSteps(1);
    await trainer.readback(); // Adam makes its moment slots on the first step
    const start = tf.memory().numTensors;
    expect(start).toBeGreaterThan(empty);
    const idx = Array.from({ length: 50 }, (_, i) => i);
    const counts: number[] = [];
    while (trainer.step < STEPS) {
      trainer.runSteps(Math.min(READBACK_EVERY, STEPS - trainer.step));
      const { divergence } = await trainer.readback();
      expect(divergence).toBeNull();
      if (trainer.step % 250 === 1) {
        await evaluateTerms(model, test, idx, 1, 25);
        await readImages((x) => model.reconstruct(x), test, idx.slice(0, 10));
        counts.push(tf.memory().numTensors);
      }
    }
    expect(trainer.history.steps.length).toBe(STEPS);
    expect(tf.memory().numTensors).toBe(start);
    expect(counts.every((c) => c === start)).toBe(true);
    trainer.dispose();
    model.dispose();
    expect(tf.memory().numTensors).toBe(empty);
    console.log('measured', kind, JSON.stringify({ steps: STEPS, beforeModel: empty, afterFirstStep: start, checkpoints: counts, afterDispose: tf.memory().numTensors }));
  });
});

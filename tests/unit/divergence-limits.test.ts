/**
 * Which models can be made to diverge from the settings' ranges (issue 8), and what the page says.
 *
 * GNCN-PDH: at the learning-rate slider's maximum its Σ update breaks positive definiteness within
 * a few steps; the step throws from the Cholesky factorization and the message names Σ and the cause.
 * The backprop models (GVAE, GVAE-CV, RAE) do not diverge inside the ranges: Adam moves each weight
 * by at most a few × lr per step whatever the gradient, and SGD's step is clipped to global norm
 * 5 × lr (gradients.ts), so at lr ≤ 1 (the slider's maximum) the weights grow at most linearly and
 * the terms stay finite; at the ranges' extremes they collapse to the mean image (~200 nats)
 * instead. This test runs those extremes (hours of browser time would not prove more) and checks
 * every term stays finite, so a change that lets them diverge is caught and must get a message.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-wasm';
import type { MnistSplit } from '@/core/data/mnist';
import { Trainer } from '@/core/train/trainer';
import { createModel } from '@/session/model-factory';
import { explainStepFailure } from '@/session/step-failure';
import { defaultSettings, SETTINGS, type Settings } from '@/settings/settings';
import { headOf, loadSplit } from './helpers/mnist-node';

let train: MnistSplit;
beforeAll(async () => {
  await tf.setBackend('wasm');
  await tf.ready();
  train = headOf(await loadSplit('train'), 4096);
});

const LR_MAX = SETTINGS.learningRate.max;
const small = (s: Partial<Settings>): Settings => ({ ...defaultSettings(), hiddenWidth: 64, batchSize: 32, layerWidth: 48, settlingSteps: 5, ...s });

describe('GNCN-PDH at the maximum learning rate', () => {
  it('throws from the Σ factorization within a few steps, and the message names Σ, the cause and the fix', () => {
    const s = small({ model: 'gncn-pdh', learningRate: LR_MAX });
    const model = createModel(s);
    const trainer = new Trainer({ model, train, batchSize: s.batchSize, seed: 1 });
    let error: unknown = null;
    for (let i = 0; i < 20 && !error; i++) {
      try {
        trainer.runSteps(1);
      } catch (err) {
        error = err;
      }
    }
    expect(String(error)).toMatch(/not positive definite/);
    const message = explainStepFailure(error, trainer.step, LR_MAX);
    expect(message).toMatch(/^Training paused at step \d+: the error covariance Σ .* no longer positive definite/);
    expect(message).toContain('learning rate (1.0e+0) is too high');
    expect(message).toContain('press Reset');
    trainer.dispose();
    model.dispose();
  });
});

// The corners of the ranges that push hardest: the largest rate with either optimizer, no KL
// pressure on the codes (β = 0), the smallest fixed variance, the weakest regularizer.
const EXTREMES: [string, Partial<Settings>][] = [
  ['GVAE, Adam, β = 0', { model: 'gvae', optimizer: 'adam', klWeight: SETTINGS.klWeight.min }],
  ['GVAE, SGD, β = 10', { model: 'gvae', optimizer: 'sgd', klWeight: SETTINGS.klWeight.max }],
  ['GVAE-CV, Adam, σ² = 0.01', { model: 'gvae-cv', optimizer: 'adam', sigma2: SETTINGS.sigma2.min }],
  ['RAE, Adam, λ = 1e-6, decoder L2', { model: 'rae', optimizer: 'adam', lambda: SETTINGS.lambda.min }],
  ['RAE, SGD, λ = 1, Ghosh', { model: 'rae', optimizer: 'sgd', lambda: SETTINGS.lambda.max, regularizer: 'ghosh' }],
];

describe.each(EXTREMES)('%s at the maximum learning rate', (_name, over) => {
  it('keeps every term finite over 400 steps', { timeout: 180_000 }, async () => {
    const s = small({ ...over, learningRate: LR_MAX });
    const model = createModel(s);
    const trainer = new Trainer({ model, train, batchSize: s.batchSize, seed: 1 });
    while (trainer.step < 400) {
      trainer.runSteps(20);
      const { divergence } = await trainer.readback();
      expect(divergence).toBeNull();
    }
    const objective = trainer.history.terms[model.objectiveKey];
    expect(objective).toHaveLength(400);
    // Not learning, not diverging: the objective sits near the mean-image solution, well above zero.
    const tail = objective.slice(-50).reduce((a, v) => a + v, 0) / 50;
    expect(tail).toBeGreaterThan(100);
    expect(tail).toBeLessThan(1e4);
    console.log('measured', _name, JSON.stringify({ lr: LR_MAX, steps: 400, tail: Math.round(tail) }));
    trainer.dispose();
    model.dispose();
  });
});

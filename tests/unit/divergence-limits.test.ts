/**
 * Which settings make each model diverge (issue 8), and what the page says.
 *
 * GNCN-PDH: at the learning-rate slider's maximum its Σ update breaks positive definiteness within
 * a few steps; the step throws from the Cholesky factorization and the message names Σ and the cause.
 *
 * The backprop models (GVAE, GVAE-CV, RAE) do not diverge while the gradient is clipped (the
 * default, the paper's radius 5): Adam moves each weight by about lr per step whatever the
 * gradient, and SGD's step is at most 5 × lr, so at lr ≤ 1 (the slider's maximum) the weights grow
 * at most linearly and the terms stay finite; at the ranges' extremes they collapse to the mean
 * image (~200 nats) instead. With SGD and clipping off (gradClip = 'off') the step is lr × ‖g‖ with
 * nothing bounding ‖g‖: from random weights at the page's default sizes, lr = 0.1 (and anything from
 * about 0.03 up) multiplies the weights a hundredfold or more in one step and the forward pass overflows
 * float32 within 3–5 steps; lr = 0.01 is on the edge (the RAE diverged at step 20 with one batch
 * order, not with another), and lr = 1e-3, the default, stays finite. These tests run both sides
 * of that line, check that the Trainer's batched readback names the first non-finite term
 * (against a step-by-step reference), that nothing non-finite reaches the history, and what the page's message says.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-wasm';
import { PIXELS } from '@/core/data/bit-pack';
import { BatchSampler, gatherImages, type MnistSplit } from '@/core/data/mnist';
import { clippedGradientStep } from '@/core/train/gradients';
import { Trainer } from '@/core/train/trainer';
import type { GenerativeModel, TermSpec } from '@/core/models/types';
import { applyLive, createModel } from '@/session/model-factory';
import { explainDivergence } from '@/session/divergence';
import { explainStepFailure } from '@/session/step-failure';
import { decodeHash } from '@/settings/url-state';
import { defaultSettings, gradClipRadius, SETTINGS, validateSetting, type Settings } from '@/settings/settings';
import { headOf, loadSplit } from './helpers/mnist-node';

let train: MnistSplit;
beforeAll(async () => {
  await tf.setBackend('wasm');
  await tf.ready();
  train = headOf(await loadSplit('train'), 4096);
});

const LR_MAX = SETTINGS.learningRate.max;
const small = (s: Partial<Settings>): Settings => ({ ...defaultSettings(), hiddenWidth: 64, batchSize: 32, layerWidth: 48, settlingSteps: 5, ...s });
/** The page's sizes (hidden 256, batch 64), from the seed's random weights. */
const page = (s: Partial<Settings>): Settings => ({ ...defaultSettings(), init: 'scratch', ...s });
const allFinite = (terms: Record<string, number[]>) => Object.values(terms).every((v) => v.every(Number.isFinite));
/** The session reads back every 10 steps (or 400 ms): the Trainer is driven the same way here. */
const READBACK_EVERY = 10;

function build(s: Settings): { model: GenerativeModel; trainer: Trainer } {
  const model = createModel(s);
  return { model, trainer: new Trainer({ model, train, batchSize: s.batchSize, seed: s.seed }) };
}

describe('GNCN-PDH at the maximum learning rate', () => {
  it('throws from the Σ factorization within a few steps, and the message names Σ, the cause and the fix', () => {
    const s = small({ model: 'gncn-pdh', learningRate: LR_MAX });
    const { model, trainer } = build(s);
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

describe('clippedGradientStep with no clipping (radius Infinity)', () => {
  // f(w) = 1/2 ||w - a||^2 has gradient w - a; SGD with rate 1 from w = 0 lands on a exactly,
  // however large ||a|| is; with radius 5 it would stop at 5 a / ||a||.
  it('applies the raw gradient whatever its norm; a radius of 0 or NaN is refused', () => {
    const w = tf.variable(tf.zeros([2]), true, 'w-noclip');
    const a = tf.tensor1d([3e4, -4e4]);
    const opt = tf.train.sgd(1);
    const norm = tf.tidy(() => clippedGradientStep(opt, [w], () => tf.mul(0.5, tf.sum(tf.square(tf.sub(w, a)))) as tf.Scalar, Infinity).arraySync());
    expect(norm).toBeCloseTo(5e4, 0);
    const got = w.arraySync() as number[];
    expect(got[0]).toBeCloseTo(3e4, 1);
    expect(got[1]).toBeCloseTo(-4e4, 1);
    for (const bad of [0, -1, NaN]) expect(() => tf.tidy(() => clippedGradientStep(opt, [w], () => tf.sum(w) as tf.Scalar, bad))).toThrow(RangeError);
    w.dispose();
    a.dispose();
    opt.dispose();
  });
});

describe('the gradClip setting', () => {
  it('defaults to the paper\'s radius 5, is live, applies to the backprop models only, and maps "off" to no clipping', () => {
    expect(defaultSettings().gradClip).toBe('5');
    expect(SETTINGS.gradClip.effect).toBe('live');
    expect(SETTINGS.gradClip.models).toEqual(['gvae', 'gvae-cv', 'rae']);
    expect(SETTINGS.gradClip.options.map((o) => gradClipRadius(o.value))).toEqual([1, 5, 25, Infinity]);
    expect(validateSetting('gradClip', '3')).toMatchObject({ value: '5' });
    expect(decodeHash('#v=1&model=rae&optimizer=sgd&gradClip=off').settings).toMatchObject({ model: 'rae', optimizer: 'sgd', gradClip: 'off' });
  });

  it('changes live on each backprop model (and not on GNCN-PDH)', () => {
    for (const kind of ['gvae', 'gvae-cv', 'rae'] as const) {
      const model = createModel(small({ model: kind }));
      expect(applyLive(model, 'gradClip', 'off')).toBe(true);
      expect(applyLive(model, 'gradClip', '5')).toBe(true);
      model.dispose();
    }
    const gncn = createModel(small({ model: 'gncn-pdh' }));
    expect(applyLive(gncn, 'gradClip', 'off')).toBe(false);
    gncn.dispose();
  });
});

// The corners of the ranges that push hardest, with the default clipping (radius 5): the largest
// rate with either optimizer, no KL pressure on the codes (β = 0), the smallest fixed variance, the
// weakest regularizer. Adam with clipping off is here too: its step does not depend on ‖g‖.
const EXTREMES: [string, Partial<Settings>][] = [
  ['GVAE, Adam, β = 0', { model: 'gvae', optimizer: 'adam', klWeight: SETTINGS.klWeight.min }],
  ['GVAE, SGD, β = 10', { model: 'gvae', optimizer: 'sgd', klWeight: SETTINGS.klWeight.max }],
  ['GVAE-CV, Adam, σ² = 0.01', { model: 'gvae-cv', optimizer: 'adam', sigma2: SETTINGS.sigma2.min }],
  ['GVAE-CV, SGD, clip 25', { model: 'gvae-cv', optimizer: 'sgd', gradClip: '25' }],
  ['RAE, Adam, λ = 1e-6, decoder L2', { model: 'rae', optimizer: 'adam', lambda: SETTINGS.lambda.min }],
  ['RAE, SGD, λ = 1, Ghosh', { model: 'rae', optimizer: 'sgd', lambda: SETTINGS.lambda.max, regularizer: 'ghosh' }],
  ['GVAE, Adam, clipping off', { model: 'gvae', optimizer: 'adam', gradClip: 'off' }],
];

describe.each(EXTREMES)('%s at the maximum learning rate', (_name, over) => {
  it('keeps every term finite over 400 steps', { timeout: 180_000 }, async () => {
    const s = small({ ...over, learningRate: LR_MAX });
    const { model, trainer } = build(s);
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

/**
 * Reference, without the Trainer: the same seeded batches, one step at a time, each step's terms
 * read on their own. @returns the first step with a non-finite term and those terms, in term order
 */
function firstNonFiniteStepByStep(s: Settings, maxSteps: number): { step: number; nonFinite: string[] } | null {
  const model = createModel(s);
  const keys = model.terms.map((t) => t.key);
  const sampler = new BatchSampler(train.count, s.batchSize, s.seed);
  try {
    for (let step = 0; step < maxSteps; step++) {
      const pixels = gatherImages(train, sampler.next());
      const terms = tf.tidy(() => model.trainStep(tf.tensor2d(pixels, [s.batchSize, PIXELS]), step));
      const values = Array.from(terms.dataSync());
      terms.dispose();
      const nonFinite = keys.filter((_k, i) => !Number.isFinite(values[i]));
      if (nonFinite.length > 0) return { step, nonFinite };
    }
    return null;
  } finally {
    model.dispose();
  }
}

// SGD with clipping off at lr = 0.1, from the seed's random weights at the page's sizes: the first
// non-finite term (measured: GVAE recon at step 3, GVAE-CV recon at step 3, RAE recon at step 4).
const DIVERGENT: [string, Settings['model'], string][] = [
  ['GVAE', 'gvae', 'recon'],
  ['GVAE-CV', 'gvae-cv', 'recon'],
  ['RAE', 'rae', 'recon'],
];

describe.each(DIVERGENT)('%s, SGD, gradient clipping off, learning rate 0.1', (_name, kind, expectedTerm) => {
  const divergent = page({ model: kind, optimizer: 'sgd', gradClip: 'off', learningRate: 0.1 });

  it('a term becomes non-finite within a few steps; the readback names it and keeps it out of the history; clipping at 5 or lr 1e-3 stays finite', { timeout: 120_000 }, async () => {
    const ref = firstNonFiniteStepByStep(divergent, 20);
    expect(ref).not.toBeNull();
    const { step: refStep, nonFinite: refNonFinite } = ref!;
    expect(refStep).toBeGreaterThanOrEqual(1); // the first step's terms come from the initial weights
    expect(refStep).toBeLessThan(10);
    expect(refNonFinite[0]).toBe(expectedTerm);

    // The session's way: steps queued, one readback per READBACK_EVERY steps.
    const { model, trainer } = build(divergent);
    let divergence = null;
    while (!divergence && trainer.step < 40) {
      trainer.runSteps(READBACK_EVERY);
      ({ divergence } = await trainer.readback());
    }
    expect(divergence).not.toBeNull();
    expect(divergence!.step).toBe(refStep); // the same model, seed and batches: the same step
    expect(divergence!.term).toBe(expectedTerm);
    expect(allFinite(trainer.history.terms)).toBe(true); // nothing from the failing step on reaches a plot
    expect(Math.max(...trainer.history.steps)).toBe(refStep - 1);
    const stepsAfter = trainer.step - 1 - divergence!.step; // queued after the failing step before the readback saw it
    expect(stepsAfter).toBeLessThan(READBACK_EVERY);

    const message = explainDivergence(divergence!, model.terms, divergent.learningRate, 'float32', divergent);
    const label = model.terms.find((t) => t.key === expectedTerm)!.label;
    expect(message).toContain(`the ${label} term became ${Number.isNaN(divergence!.value) ? 'NaN' : 'infinite'} at step ${divergence!.step}`);
    expect(message).toContain('learning rate (1.0e-1) is too high for SGD with gradient clipping off');
    expect(message).toMatch(/turn gradient clipping back on .* press Reset/);
    console.log('measured', _name, JSON.stringify({ lr: 0.1, term: divergence!.term, value: divergence!.value, step: divergence!.step, stepsAfter, nonFinite: refNonFinite }));
    trainer.dispose();
    model.dispose();

    // The same run with the paper's clipping, and without clipping at the default rate: finite.
    for (const safe of [{ ...divergent, gradClip: '5' as const }, { ...divergent, learningRate: 1e-3 }]) {
      const b = build(safe);
      for (let i = 0; i < 3; i++) {
        b.trainer.runSteps(READBACK_EVERY);
        expect((await b.trainer.readback()).divergence).toBeNull();
      }
      expect(allFinite(b.trainer.history.terms)).toBe(true);
      b.trainer.dispose();
      b.model.dispose();
    }
  });

  it('live: clipping switched off and the rate raised to the maximum while training diverges; Reset at 1e-3 trains finite', { timeout: 120_000 }, async () => {
    const start = page({ model: kind, optimizer: 'sgd' });
    const { model, trainer } = build(start);
    trainer.runSteps(READBACK_EVERY);
    expect((await trainer.readback()).divergence).toBeNull();
    expect(applyLive(model, 'gradClip', 'off')).toBe(true);
    expect(applyLive(model, 'learningRate', LR_MAX)).toBe(true);
    let divergence = null;
    while (!divergence && trainer.step < 60) {
      trainer.runSteps(READBACK_EVERY);
      ({ divergence } = await trainer.readback());
    }
    expect(divergence).not.toBeNull();
    expect(allFinite(trainer.history.terms)).toBe(true);
    const message = explainDivergence(divergence!, model.terms, LR_MAX, 'float32', { optimizer: 'sgd', gradClip: 'off' });
    expect(message).toContain('learning rate (1.0e+0) is too high for SGD with gradient clipping off');
    console.log('measured', `${_name} live`, JSON.stringify({ lr: LR_MAX, term: divergence!.term, step: divergence!.step, stepsAfterSwitch: divergence!.step - READBACK_EVERY }));
    trainer.dispose();
    model.dispose();

    // Reset: the seed's weights again, still without clipping, at the default rate.
    const reset = build({ ...start, gradClip: 'off', learningRate: 1e-3 });
    for (let i = 0; i < 5; i++) {
      reset.trainer.runSteps(READBACK_EVERY);
      expect((await reset.trainer.readback()).divergence).toBeNull();
    }
    expect(allFinite(reset.trainer.history.terms)).toBe(true);
    reset.trainer.dispose();
    reset.model.dispose();
  });
});

describe('explainDivergence', () => {
  const terms: readonly TermSpec[] = [
    { key: 'recon', label: 'reconstruction (BCE)', tex: '', unit: 'nats', description: '' },
    { key: 'kl', label: 'KL to the prior', tex: '', unit: 'nats', description: '' },
    { key: 'reg', label: 'regularizer R (decoder-l2)', tex: '', unit: 'squared norm', description: '' },
  ];
  it('names what overflowed for each backprop term when SGD runs without clipping', () => {
    const off = { optimizer: 'sgd', gradClip: 'off' } as const;
    expect(explainDivergence({ term: 'recon', step: 3, value: NaN }, terms, 0.1, 'float32', off)).toMatch(/logits overflowed float32 .* ∞ − ∞/);
    expect(explainDivergence({ term: 'kl', step: 3, value: Infinity }, terms, 1, 'float32', off)).toMatch(/KL to the prior term became infinite .* ½μ² in the KL overflowed/);
    expect(explainDivergence({ term: 'reg', step: 4, value: Infinity }, terms, 1, 'float32', off)).toMatch(/squared norm overflowed/);
  });
  it('with clipping on (or unknown) keeps the learning-rate wording; unknown settings name clipping as a possibility; float16 names the precision', () => {
    const on = explainDivergence({ term: 'recon', step: 9, value: NaN }, terms, 1, 'float32', { optimizer: 'sgd', gradClip: '5' });
    expect(on).toContain('learning rate (1.0e+0) is too high — large steps');
    expect(on).not.toContain('clipping');
    expect(explainDivergence({ term: 'kl', step: 9, value: NaN }, terms, 1)).toMatch(/gradient clipping off nothing bounds a step/);
    expect(explainDivergence({ term: 'kl', step: 9, value: NaN }, terms, 1, 'float16', { optimizer: 'sgd', gradClip: 'off' })).toContain('16-bit floats');
  });
});

/**
 * Checks shared by the backprop models (GVAE, GVAE-CV, RAE with each regularizer):
 *  - the terms equal a float64 re-implementation of the paper's equations written here, and the
 *    tfjs gradients equal central finite differences of that re-implementation;
 *  - a training step applies exactly -lr * clip_5(gradient of the objective) (SGD);
 *  - no tensor leaks; save/load round trip; the objective falls on real MNIST.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import { createDense, type DenseParams } from '@/core/nn/dense';
import { createRng, deriveSeed, normalArray } from '@/core/rng';
import { BatchSampler, gatherImages, type MnistSplit } from '@/core/data/mnist';
import { createGaussianVae, createGvaeNet, gvaeTerms, type GvaeNet } from '@/core/models/gaussian-vae';
import { createConstantVarianceVae, createCvVaeNet, cvVaeTerms, type CvVaeNet } from '@/core/models/constant-variance-vae';
import { createRaeNet, createRegularizedAe, raeTerms, type RaeNet, type RaeRegularizer } from '@/core/models/regularized-ae';
import type { OptimizerKind } from '@/core/models/mlp-autoencoder';
import type { GenerativeModel } from '@/core/models/types';
import { useCpuBackend } from './helpers/tf-cpu';
import { headOf, loadSplit } from './helpers/mnist-node';

const D = 784;
let train: MnistSplit;
beforeAll(async () => {
  await useCpuBackend();
  train = headOf(await loadSplit('train'), 512);
});

// ---------------------------------------------------------------------------------------------
// float64 reference: the forward pass and the terms, from weights read back to JS

interface Layer64 {
  W: Float64Array; // [in, out]
  b: Float64Array; // [out]
  nIn: number;
  nOut: number;
}
type Net64 = Record<string, Layer64>;

function toNet64(net: Record<string, DenseParams>): Net64 {
  const out: Net64 = {};
  for (const [name, p] of Object.entries(net)) {
    out[name] = { W: Float64Array.from(p.W.dataSync()), b: Float64Array.from(p.b.dataSync()), nIn: p.W.shape[0], nOut: p.W.shape[1] };
  }
  return out;
}

/** y = x W + b by explicit loops.  [B, in] -> [B, out] */
function affine(x: Float64Array, B: number, L: Layer64): Float64Array {
  const y = new Float64Array(B * L.nOut);
  for (let r = 0; r < B; r++) {
    for (let j = 0; j < L.nOut; j++) {
      let s = L.b[j];
      for (let i = 0; i < L.nIn; i++) s += x[r * L.nIn + i] * L.W[i * L.nOut + j];
      y[r * L.nOut + j] = s;
    }
  }
  return y;
}
const relu = (v: Float64Array) => v.map((a) => Math.max(0, a));
const trunk64 = (n: Net64, x: Float64Array, B: number) => relu(affine(relu(affine(x, B, n.enc1)), B, n.enc2));
const logits64 = (n: Net64, z: Float64Array, B: number) => affine(relu(affine(relu(affine(z, B, n.dec1)), B, n.dec2)), B, n.decOut);

/** Mean over images of -sum_d [x log s + (1 - x) log(1 - s)], s = 1 / (1 + e^-l) (the definition, not the logit form). */
function bce64(x: Float64Array, l: Float64Array, B: number): number {
  let total = 0;
  for (let i = 0; i < B * D; i++) {
    const s = 1 / (1 + Math.exp(-l[i]));
    total -= x[i] * Math.log(s) + (1 - x[i]) * Math.log(1 - s);
  }
  return total / B;
}
const sumSq = (layers: Layer64[]) => layers.reduce((acc, L) => acc + L.W.reduce((a, w) => a + w * w, 0), 0);
const DEC = ['dec1', 'dec2', 'decOut'];

// ---------------------------------------------------------------------------------------------
// the model variants under test

const J = 3;
const H = 6;
const B = 4;

interface Variant {
  name: string;
  objectiveKey: string;
  /** The net the pure term function uses; same initial values as makeModel's for this seed. */
  createNet(seed: number): Record<string, DenseParams>;
  /** The tfjs term function the model differentiates. */
  terms(net: Record<string, DenseParams>, x: tf.Tensor2D, eps: tf.Tensor2D): Record<string, tf.Scalar>;
  /** The same terms in float64. */
  ref(n: Net64, x: Float64Array, eps: Float64Array): Record<string, number>;
  makeModel(o: { seed: number; hiddenWidth: number; latentDim: number; learningRate: number; optimizer?: OptimizerKind }): GenerativeModel;
  /** Saved-weights names. */
  weightNames: string[];
  /** Runs the (slow, ~10 s on the CPU backend) training-curve test: one variant per model. */
  trainCurve?: boolean;
}

const BETA = 0.7;
const LAMBDA_DEC = 0.01;
const SIGMA2 = 0.3;

function gvaeVariant(decoderL2: number): Variant {
  return {
    name: decoderL2 > 0 ? 'GVAE + decoder L2' : 'GVAE',
    objectiveKey: decoderL2 > 0 ? 'loss' : 'negElbo',
    createNet: (seed) => createGvaeNet(J, H, seed),
    terms: (net, x, eps) => gvaeTerms(net as GvaeNet, x, eps, BETA, decoderL2) as unknown as Record<string, tf.Scalar>,
    ref(n, x, eps) {
      const h = trunk64(n, x, B);
      const mu = affine(h, B, n.encMu);
      const logVar = affine(h, B, n.encLogVar).map((v) => Math.min(10, Math.max(-10, v)));
      // z = mu + sigma eps, KL = 1/2 sum (mu^2 + sigma^2 - 1 - ln sigma^2)
      const z = mu.map((m, i) => m + Math.exp(0.5 * logVar[i]) * eps[i]);
      let kl = 0;
      mu.forEach((m, i) => (kl += 0.5 * (m * m + Math.exp(logVar[i]) - 1 - logVar[i])));
      const recon = bce64(x, logits64(n, z, B), B);
      const negElbo = recon + BETA * (kl / B);
      const l2 = sumSq(DEC.map((k) => n[k]));
      return { recon, kl: kl / B, negElbo, l2, loss: negElbo + decoderL2 * l2 };
    },
    makeModel: (o) => createGaussianVae({ ...o, beta: BETA, decoderL2 }),
    trainCurve: decoderL2 === 0,
    weightNames: ['enc1', 'enc2', 'encMu', 'encLogVar', 'dec1', 'dec2', 'decOut'].flatMap((l) => [`${l}/W`, `${l}/b`]),
  };
}

function cvVariant(decoderL2: number): Variant {
  return {
    name: decoderL2 > 0 ? 'GVAE-CV + decoder L2' : 'GVAE-CV',
    objectiveKey: decoderL2 > 0 ? 'loss' : 'negElbo',
    createNet: (seed) => createCvVaeNet(J, H, seed),
    terms: (net, x, eps) => cvVaeTerms(net as CvVaeNet, x, eps, SIGMA2, BETA, decoderL2) as unknown as Record<string, tf.Scalar>,
    ref(n, x, eps) {
      const mu = affine(trunk64(n, x, B), B, n.encMu);
      const z = mu.map((m, i) => m + Math.sqrt(SIGMA2) * eps[i]);
      let kl = 0;
      mu.forEach((m) => (kl += 0.5 * (m * m + SIGMA2 - 1 - Math.log(SIGMA2))));
      const recon = bce64(x, logits64(n, z, B), B);
      const negElbo = recon + BETA * (kl / B);
      const l2 = sumSq(DEC.map((k) => n[k]));
      return { recon, kl: kl / B, negElbo, l2, loss: negElbo + decoderL2 * l2 };
    },
    makeModel: (o) => createConstantVarianceVae({ ...o, beta: BETA, sigma2: SIGMA2, decoderL2 }),
    trainCurve: decoderL2 > 0,
    weightNames: ['enc1', 'enc2', 'encMu', 'dec1', 'dec2', 'decOut'].flatMap((l) => [`${l}/W`, `${l}/b`]),
  };
}

function raeVariant(regularizer: RaeRegularizer): Variant {
  const lambda = 0.02;
  return {
    name: `RAE (${regularizer})`,
    objectiveKey: 'loss',
    createNet: (seed) => createRaeNet(J, H, seed),
    terms: (net, x) => raeTerms(net as RaeNet, x, lambda, regularizer),
    ref(n, x) {
      const z = affine(trunk64(n, x, B), B, n.encZ);
      const recon = bce64(x, logits64(n, z, B), B);
      let reg = sumSq(DEC.map((k) => n[k]));
      if (regularizer === 'all-l2') reg += sumSq([n.enc1, n.enc2, n.encZ]);
      if (regularizer === 'ghosh') reg += z.reduce((a, v) => a + 0.5 * v * v, 0) / B;
      return { recon, reg, loss: recon + lambda * reg };
    },
    makeModel: (o) => createRegularizedAe({ ...o, lambda, regularizer }),
    trainCurve: regularizer === 'decoder-l2',
    weightNames: ['enc1', 'enc2', 'encZ', 'dec1', 'dec2', 'decOut'].flatMap((l) => [`${l}/W`, `${l}/b`]),
  };
}

const VARIANTS: Variant[] = [
  gvaeVariant(0), gvaeVariant(LAMBDA_DEC), cvVariant(0), cvVariant(LAMBDA_DEC),
  raeVariant('decoder-l2'), raeVariant('all-l2'), raeVariant('ghosh'),
];

/** The first n training images, [n, 784]. */
const images = (n: number) => gatherImages(train, Array.from({ length: n }, (_, i) => i));
/** Gives every bias a random value so that bias gradients and ReLU kinks are exercised. */
function randomizeBiases(net: Record<string, DenseParams>, seed: number) {
  const rng = createRng(seed);
  for (const p of Object.values(net)) p.b.assign(tf.tensor1d(normalArray(rng, p.b.size, 0.3)));
}
const netVars = (net: Record<string, DenseParams>) => Object.values(net).flatMap((p) => [p.W, p.b]) as tf.Variable[];
/** tfjs autodiff gradient of the variant's objective, per variable (W, b per layer), as float64. */
function gradientsOf(v: Variant, net: Record<string, DenseParams>, xs: Float32Array, eps: Float32Array): Float64Array[] {
  const vars = netVars(net);
  const g = tf.tidy(() => {
    const { value, grads } = tf.variableGrads(
      () => v.terms(net, tf.tensor2d(xs, [B, D]), tf.tensor2d(eps, [B, J]))[v.objectiveKey], vars);
    value.dispose();
    return vars.map((w) => grads[w.name]);
  });
  const out = g.map((t) => Float64Array.from(t.dataSync()));
  tf.dispose(g);
  return out;
}
const disposeNet = (net: Record<string, DenseParams>) => Object.values(net).forEach((p) => (p.W.dispose(), p.b.dispose()));

// ---------------------------------------------------------------------------------------------

describe.each(VARIANTS)('$name', (v) => {
  it('terms equal the float64 reference; gradients equal its central finite differences', () => {
    const net = v.createNet(17);
    randomizeBiases(net, 18);
    const xs = images(B);
    const eps = normalArray(createRng(19), B * J);
    const x64 = Float64Array.from(xs);
    const eps64 = Float64Array.from(eps);
    const n64 = toNet64(net);

    // values
    const got = tf.tidy(() => {
      const t = v.terms(net, tf.tensor2d(xs, [B, D]), tf.tensor2d(eps, [B, J]));
      return Object.fromEntries(Object.entries(t).map(([k, s]) => [k, s.dataSync()[0]]));
    });
    const want = v.ref(n64, x64, eps64);
    for (const [k, value] of Object.entries(got)) expect(value / want[k]).toBeCloseTo(1, 5);
    expect(Object.keys(got)).toContain(v.objectiveKey);

    // tfjs autodiff gradients of the objective
    const vars = netVars(net);
    const grads = gradientsOf(v, net, xs, eps);

    // central differences of the float64 reference, h = 1e-5
    const h = 1e-5;
    const rng = createRng(20);
    let checked = 0;
    Object.entries(n64).forEach(([name, layer], li) => {
      for (const [which, arr] of [['W', layer.W], ['b', layer.b]] as const) {
        const g = grads[2 * li + (which === 'W' ? 0 : 1)];
        let argmax = 0;
        g.forEach((val, i) => { if (Math.abs(val) > Math.abs(g[argmax])) argmax = i; });
        const coords = [argmax, ...Array.from({ length: 5 }, () => Math.floor(rng.uniform() * arr.length))];
        const scale = Math.max(Math.abs(g[argmax]), 1e-3);
        for (const i of coords) {
          const keep = arr[i];
          arr[i] = keep + h;
          const fPlus = v.ref(n64, x64, eps64)[v.objectiveKey];
          arr[i] = keep - h;
          const fMinus = v.ref(n64, x64, eps64)[v.objectiveKey];
          arr[i] = keep;
          const fd = (fPlus - fMinus) / (2 * h);
          // float32 backprop through ~10 ops: relative error ~1e-5 of the variable's largest entry
          expect(Math.abs(g[i] - fd), `${name}/${which}[${i}]: autodiff ${g[i]}, FD ${fd}`).toBeLessThan(3e-4 * scale + 1e-6);
          checked++;
        }
        expect(Math.abs(g[argmax]), `${name}/${which} has a zero gradient`).toBeGreaterThan(0);
      }
    });
    expect(checked).toBe(6 * vars.length);
    disposeNet(net);
  });

  it('a training step applies -lr * clip_5(gradient of the objective) (SGD)', async () => {
    const seed = 23;
    const lr = 0.05;
    const step = 4;
    const model = v.makeModel({ seed, hiddenWidth: H, latentDim: J, learningRate: lr, optimizer: 'sgd' });
    const net = v.createNet(seed); // the same initial weights
    const before = await model.getWeights();
    for (const [name, p] of Object.entries(net)) {
      expect(Array.from(p.W.dataSync())).toEqual(Array.from(before[`${name}/W`].values));
    }
    const xs = images(B);
    // the model's noise for this step: eps ~ N(0, I) from deriveSeed(seed, 'eps', step)
    const eps = normalArray(createRng(deriveSeed(seed, 'eps', step)), B * J);
    const grads = gradientsOf(v, net, xs, eps);
    // ||g|| over all parameters; the step is g * min(1, 5 / ||g||)
    const norm = Math.sqrt(grads.reduce((a, g) => a + g.reduce((s, e) => s + e * e, 0), 0));
    const scale = Math.min(1, 5 / norm);
    tf.tidy(() => model.trainStep(tf.tensor2d(xs, [B, D]), step)).dispose();
    const after = await model.getWeights();
    Object.keys(net).forEach((name, li) => {
      for (const [which, gi] of [['W', 2 * li], ['b', 2 * li + 1]] as const) {
        const key = `${name}/${which}`;
        const w0 = before[key].values;
        const w1 = after[key].values;
        for (let i = 0; i < w0.length; i++) {
          const want = -lr * scale * grads[gi][i];
          expect(Math.abs(w1[i] - w0[i] - want)).toBeLessThan(1e-6 + 1e-4 * Math.abs(want) + 2e-7 * Math.abs(w0[i]));
        }
      }
    });
    disposeNet(net);
    model.dispose();
  });

  it('leaks no tensors in training, evaluation, reconstruction, completion and sampling', () => {
    const start = tf.memory().numTensors;
    const model = v.makeModel({ seed: 3, hiddenWidth: 16, latentDim: 4, learningRate: 1e-3 });
    const x = tf.tensor2d(images(8), [8, D]);
    const mask = tf.tensor2d(Array.from({ length: D }, (_, p) => (p % 28 < 14 ? 1 : 0)), [1, D]);
    tf.tidy(() => model.trainStep(x, 0)).dispose(); // Adam creates its moments on the first step
    const before = tf.memory().numTensors;
    tf.tidy(() => model.trainStep(x, 1)).dispose();
    tf.tidy(() => model.evaluate(x, 5)).dispose();
    tf.tidy(() => model.reconstruct(x)).dispose();
    tf.tidy(() => model.encode(x)).dispose();
    tf.tidy(() => model.complete(x, mask)).dispose();
    tf.tidy(() => model.sample(6, 7)).dispose();
    expect(tf.memory().numTensors).toBe(before);
    // dispose() frees the variables and the optimizer state
    model.dispose();
    x.dispose();
    mask.dispose();
    expect(tf.memory().numTensors).toBe(start);
  });

  it('save then load round-trips exactly into a model with another seed', async () => {
    const x = tf.tensor2d(images(8), [8, D]);
    const a = v.makeModel({ seed: 1, hiddenWidth: 16, latentDim: 4, learningRate: 1e-3 });
    for (let s = 0; s < 3; s++) tf.tidy(() => a.trainStep(x, s)).dispose();
    const saved = await a.getWeights();
    expect(Object.keys(saved).sort()).toEqual([...v.weightNames].sort());
    const b = v.makeModel({ seed: 2, hiddenWidth: 16, latentDim: 4, learningRate: 1e-3 }); // coexists with a
    const read = (m: GenerativeModel) => tf.tidy(() => m.reconstruct(x)).dataSync();
    expect(Array.from(read(b))).not.toEqual(Array.from(read(a)));
    b.setWeights(saved);
    expect(Array.from(read(b))).toEqual(Array.from(read(a)));
    const again = await b.getWeights();
    for (const k of v.weightNames) expect(Array.from(again[k].values)).toEqual(Array.from(saved[k].values));
    // a model of another size refuses the weights
    const c = v.makeModel({ seed: 2, hiddenWidth: 8, latentDim: 4, learningRate: 1e-3 });
    expect(() => c.setWeights(saved)).toThrow(/shape/);
    [a, b, c].forEach((m) => m.dispose());
    x.dispose();
  });

  // One variant per model: the CPU backend needs ~50 ms per step even at this size, and the
  // exact-update test above already ties every variant's step to its verified gradient.
  if (v.trainCurve) it('the objective falls on 512 real MNIST images within 200 steps (H = 32, batch 32)', () => {
    const model = v.makeModel({ seed: 5, hiddenWidth: 32, latentDim: 20, learningRate: 1e-3 });
    const k = model.terms.findIndex((t) => t.key === model.objectiveKey);
    const sampler = new BatchSampler(train.count, 32, 5);
    const values: number[] = [];
    for (let s = 0; s < 200; s++) {
      const xs = gatherImages(train, sampler.next());
      const t = tf.tidy(() => model.trainStep(tf.tensor2d(xs, [32, D]), s));
      values.push(t.dataSync()[k]);
      t.dispose();
    }
    const mean = (a: number[]) => a.reduce((p, q) => p + q, 0) / a.length;
    const first = mean(values.slice(0, 20));
    const last = mean(values.slice(-20));
    expect(values.every(Number.isFinite)).toBe(true);
    // untrained: ~540 nats (784 ln 2); 200 Adam steps reach well under 250
    expect(last).toBeLessThan(0.6 * first);
    model.dispose();
  });
});

describe('all three models', () => {
  it('start from the numbers createDense draws for the same layer name and seed, under unique variable names', () => {
    const reference = createDense('dec2', H, H, 77); // variables "dec2/W", "dec2/b"
    const nets = [createGvaeNet(J, H, 77), createCvVaeNet(J, H, 77), createRaeNet(J, H, 77)];
    for (const net of nets) {
      expect(Array.from(net.dec2.W.dataSync())).toEqual(Array.from(reference.W.dataSync()));
      expect(net.dec2.W.name).not.toBe(reference.W.name);
    }
    expect(new Set(nets.map((n) => n.enc1.W.name)).size).toBe(3);
    reference.W.dispose();
    reference.b.dispose();
    nets.forEach(disposeNet);
  });

  it('count their parameters as the layer sizes say (hiddenWidth 512, latent 20)', () => {
    const Hd = 512;
    const Jd = 20;
    const trunk = (D * Hd + Hd) + (Hd * Hd + Hd);
    const head = Hd * Jd + Jd;
    const decoder = (Jd * Hd + Hd) + (Hd * Hd + Hd) + (Hd * D + D);
    const gvae = createGaussianVae({ latentDim: Jd, hiddenWidth: Hd, beta: 1, learningRate: 1e-3, seed: 1 });
    const cv = createConstantVarianceVae({ latentDim: Jd, hiddenWidth: Hd });
    const rae = createRegularizedAe({ latentDim: Jd, hiddenWidth: Hd });
    expect(gvae.numParams).toBe(trunk + 2 * head + decoder); // mu and log-variance heads
    expect(gvae.numParams).toBe(1_360_696);
    expect(cv.numParams).toBe(trunk + head + decoder);
    expect(rae.numParams).toBe(trunk + head + decoder);
    [gvae, cv, rae].forEach((m) => m.dispose());
  });

  it("setLive('learningRate') rescales the next step, for Adam's state and for SGD's cached rate", async () => {
    for (const optimizer of ['sgd', 'adam'] as const) {
      const make = () => createRegularizedAe({ latentDim: J, hiddenWidth: H, lambda: 0.01, seed: 9, optimizer, learningRate: 0.01 });
      const a = make();
      const b = make();
      const x = tf.tensor2d(images(B), [B, D]);
      expect(b.setLive('learningRate', 0.02)).toBe(true);
      const w0 = (await a.getWeights())['decOut/b'].values;
      for (const m of [a, b]) tf.tidy(() => m.trainStep(x, 0)).dispose();
      const da = (await a.getWeights())['decOut/b'].values.map((w, i) => w - w0[i]);
      const db = (await b.getWeights())['decOut/b'].values.map((w, i) => w - w0[i]);
      // first step: SGD and Adam (m_hat / sqrt(v_hat) = sign g) both move linearly in the rate
      for (let i = 0; i < 20; i++) expect(db[i] / da[i]).toBeCloseTo(2, 3);
      [a, b].forEach((m) => m.dispose());
      x.dispose();
    }
  });
});

/**
 * GNCN-PDH against independent references: a plain-JS float64 transcription of the spec's
 * pseudocode (models-and-metrics.md section 1.9), the explicit Hebbian outer products (1.6),
 * the Keras Adam formula (1.7, 7), hand-checkable structure (V, column norms) and real MNIST.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import { useCpuBackend } from './helpers/tf-cpu';
import { headOf, loadSplit } from './helpers/mnist-node';
import { BatchSampler, gatherImages, type MnistSplit } from '@/core/data/mnist';
import { createRng } from '@/core/rng';
import { choleskyLower } from '@/core/linalg/cholesky';
import type { WeightMap } from '@/core/models/types';
import { createGncnPdh, lateralMatrix, type GncnPdhConfig } from '@/core/models/gncn-pdh';

// ---------------------------------------------------------------------------------------------
// Plain-JS reference (float64, row-major), written from the spec, sharing no code with the model.
type Mat = { r: number; c: number; a: Float64Array };
const mat = (r: number, c: number, a = new Float64Array(r * c)): Mat => ({ r, c, a });
const fromW = (w: WeightMap[string]): Mat => mat(w.shape[0], w.shape[1], Float64Array.from(w.values));
function mm(A: Mat, B: Mat, transA = false): Mat {
  const [n, k] = transA ? [A.c, A.r] : [A.r, A.c];
  const C = mat(n, B.c);
  for (let i = 0; i < n; i++) for (let j = 0; j < B.c; j++) {
    let s = 0;
    for (let t = 0; t < k; t++) s += (transA ? A.a[t * A.c + i] : A.a[i * A.c + t]) * B.a[t * B.c + j];
    C.a[i * B.c + j] = s;
  }
  return C;
}
const zip = (A: Mat, B: Mat, f: (x: number, y: number) => number) => mat(A.r, A.c, A.a.map((x, i) => f(x, B.a[i])));
const add = (A: Mat, B: Mat) => zip(A, B, (x, y) => x + y);
const sub = (A: Mat, B: Mat) => zip(A, B, (x, y) => x - y);
const map = (A: Mat, f: (x: number) => number) => mat(A.r, A.c, A.a.map(f));
const relu = (A: Mat) => map(A, (x) => Math.max(0, x));
const sigmoid = (A: Mat) => map(A, (x) => 1 / (1 + Math.exp(-x)));

/** V = beta_s B (1 - I) - alpha_s I, built entry by entry from the definition. */
function refLateral(n: number, g: number, alpha: number, beta: number): Mat {
  const V = mat(n, n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) {
    V.a[i * n + j] = i === j ? -alpha : Math.floor(i / g) === Math.floor(j / g) ? beta : 0;
  }
  return V;
}

/** Section 1.9, step by step; with a mask, z0 follows [P] Eq. 19. */
function refSettle(w: WeightMap, X: Mat, c: Required<Pick<GncnPdhConfig, 'K' | 'beta' | 'leak' | 'groupSize' | 'topGroupSize' | 'lateral'>>, mask?: Mat) {
  const [W1, W2, W3, M2, M3, E1, E2, E3, P1, P2] = ['W1', 'W2', 'W3', 'M2', 'M3', 'E1', 'E2', 'E3', 'P1', 'P2'].map((k) => fromW(w[k]));
  const [n1, n2, n3] = [W1.r, W2.r, W3.r];
  const { selfExcitation: a, inhibition: b } = c.lateral;
  const [V1, V2, V3] = [refLateral(n1, c.groupSize, a, b), refLateral(n2, c.groupSize, a, b), refLateral(n3, c.topGroupSize, a, b)];
  const N = X.r;
  let [z1, z2, z3] = [mat(N, n1), mat(N, n2), mat(N, n3)];
  let [e0, e1, e2, eT1, eT2, mu0] = [mat(N, X.c), mat(N, n1), mat(N, n2), mat(N, n1), mat(N, n2), mat(N, X.c)];
  const m = mask && mat(N, X.c, Float64Array.from({ length: N * X.c }, (_, i) => mask.a[mask.r === 1 ? i % X.c : i]));
  let z0 = m ? zip(X, m, (x, mi) => x * mi) : X;
  const euler = (z: Mat, drive: Mat) => add(z, map(sub(drive, map(z, (v) => c.leak * v)), (v) => c.beta * v));
  for (let k = 0; k < c.K; k++) {
    const n3z = euler(z3, sub(mm(eT2, E3), mm(relu(z3), V3)));
    const n2z = euler(z2, sub(sub(mm(eT1, E2), eT2), mm(relu(z2), V2)));
    const n1z = euler(z1, sub(sub(mm(e0, E1), eT1), mm(relu(z1), V1)));
    // z0 = x m + (z0 - beta e0)(1 - m)
    if (m) z0 = mat(N, X.c, z0.a.map((v, i) => (m.a[i] ? X.a[i] : v - c.beta * e0.a[i])));
    [z1, z2, z3] = [n1z, n2z, n3z];
    const mu2 = relu(mm(relu(z3), W3));
    const mu1 = relu(add(mm(relu(z2), W2), mm(relu(z3), M3)));
    mu0 = sigmoid(add(mm(relu(z1), W1), mm(relu(z2), M2)));
    [e0, e1, e2] = [sub(z0, mu0), sub(relu(z1), mu1), sub(relu(z2), mu2)];
    [eT1, eT2] = [mm(e1, P1), mm(e2, P2)];
  }
  return { z0, z1, z2, z3, mu0, e0, e1, e2, eT1, eT2 };
}

const maxAbsDiff = (a: ArrayLike<number>, b: ArrayLike<number>) => {
  expect(a.length).toBe(b.length);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
};
const columnNorms = (w: WeightMap[string]) => {
  const [r, c] = w.shape;
  return Array.from({ length: c }, (_, j) => Math.hypot(...Array.from({ length: r }, (_, i) => w.values[i * c + j])));
};
/** n x D binary images from a seeded stream. */
function randomBinary(n: number, D: number, seed: number): Mat {
  const rng = createRng(seed);
  return mat(n, D, Float64Array.from({ length: n * D }, () => (rng.uniform() < 0.4 ? 1 : 0)));
}
const toTensor = (A: Mat) => tf.tensor2d(Float32Array.from(A.a), [A.r, A.c]);
async function readAndDispose(t: tf.Tensor): Promise<Float32Array> {
  const v = (await t.data()) as Float32Array;
  t.dispose();
  return v;
}

// Tiny network: D = 10, layers 6-6-4, groups of 3 (z1, z2) and 2 (z3).
const TINY: Partial<GncnPdhConfig> = { inputDim: 10, layerSizes: [6, 6, 4], groupSize: 3, topGroupSize: 2, K: 8, seed: 5 };
const tinyRefCfg = { K: 8, beta: 0.1, leak: 0.001, groupSize: 3, topGroupSize: 2, lateral: { selfExcitation: 0.15, inhibition: 0.1 } };

let train: MnistSplit;
beforeAll(async () => {
  await useCpuBackend();
  train = headOf(await loadSplit('train'), 256);
});

describe('lateral matrix V', () => {
  it('has -alpha on the diagonal, +beta_s within a group, 0 across groups', () => {
    const [n, g, alpha, beta] = [12, 4, 0.15, 0.1];
    const V = lateralMatrix(n, g, alpha, beta);
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) {
      const want = i === j ? -alpha : Math.floor(i / g) === Math.floor(j / g) ? beta : 0;
      expect(V[i * n + j]).toBeCloseTo(want, 7);
    }
    // so the lateral input -phi(z) V of a lone active unit excites it and inhibits its group only
    expect(V[0 * n + 3]).toBeCloseTo(0.1, 7);
    expect(V[0 * n + 4]).toBe(0);
    expect(() => lateralMatrix(10, 4, alpha, beta)).toThrow(/divide/);
  });
});

describe('settling matches the section 1.9 pseudocode', () => {
  it('reconstruct, encode and complete agree with a plain-JS float64 transcription', async () => {
    const model = createGncnPdh({ ...TINY, initStd: 0.3 });
    const w = await model.getWeights();
    const X = randomBinary(5, 10, 11);
    const ref = refSettle(w, X, tinyRefCfg);
    const x = toTensor(X);
    expect(maxAbsDiff(await readAndDispose(model.reconstruct(x)), ref.mu0.a)).toBeLessThan(1e-5);
    expect(maxAbsDiff(await readAndDispose(model.encode(x)), relu(ref.z3).a)).toBeLessThan(1e-5);
    // the dynamics are not trivial at this size: codes and predictions moved away from the cold start
    expect(Math.max(...relu(ref.z3).a)).toBeGreaterThan(1e-3);

    const maskM = mat(1, 10, Float64Array.from([1, 0, 1, 1, 0, 0, 1, 0, 1, 1]));
    const refC = refSettle(w, X, tinyRefCfg, maskM);
    const mask = toTensor(maskM);
    const got = await readAndDispose(model.complete(x, mask));
    const want = refC.z0.a.map((v) => Math.min(1, Math.max(0, v)));
    expect(maxAbsDiff(got, want)).toBeLessThan(1e-5);
    // energies of the trajectory's last step = the reference's per-layer sum of squares, mean over images
    const traj = model.settleTrajectory(x, { recordSteps: [8] });
    const E = await readAndDispose(traj.energies);
    const frames = await readAndDispose(traj.frames);
    const energy = (e: Mat) => e.a.reduce((s, v) => s + v * v, 0) / e.r;
    expect(E.length).toBe(8 * 3);
    expect(maxAbsDiff(E.slice(21), [energy(ref.e0), energy(ref.e1), energy(ref.e2)])).toBeLessThan(1e-4);
    expect(maxAbsDiff(frames, ref.mu0.a)).toBeLessThan(1e-5);
    [x, mask].forEach((t) => t.dispose());
    model.dispose();
  });

  it('evaluate gives the energies and the BCE of mu0, per image', async () => {
    const model = createGncnPdh({ ...TINY, initStd: 0.3 });
    const X = randomBinary(4, 10, 3);
    const x = toTensor(X);
    const mu = await readAndDispose(model.reconstruct(x));
    const [e0, e1, e2, energy, bce] = await readAndDispose(model.evaluate(x, 0));
    let sq = 0;
    let nll = 0;
    X.a.forEach((v, i) => {
      sq += (v - mu[i]) ** 2;
      nll -= v * Math.log(mu[i]) + (1 - v) * Math.log(1 - mu[i]);
    });
    expect(e0).toBeCloseTo(sq / 4, 4);
    expect(energy).toBeCloseTo(e0 + e1 + e2, 4);
    expect(bce).toBeCloseTo(nll / 4, 3);
    x.dispose();
    model.dispose();
  });

  it('with E = W^T, M = 0, P = I (no lateral, no leak) each step lowers BCE + 1/2 sum_l>0 ||e_l||^2', async () => {
    // With E = W^T the state update is minus the gradient of F = BCE(x; mu0) + 1/2 (||e1||^2 + ||e2||^2)
    // w.r.t. phi(z): e0 = x - mu0 is the BCE's logit gradient ([P] Eq. 9-11 fold g'(h0) in). The
    // squared sum ||e0||^2 + ... of section 7 (a) is NOT what this flow descends (it rises here).
    const K = 30;
    const model = createGncnPdh({ layerSizes: [64, 64, 32], groupSize: 8, topGroupSize: 8, K, leak: 0, seed: 1, lateral: { selfExcitation: 0, inhibition: 0 } });
    const w = await model.getWeights();
    for (const l of [1, 2, 3]) {
      const W = w[`W${l}`];
      const [r, c] = W.shape;
      const Et = new Float32Array(r * c);
      for (let i = 0; i < r; i++) for (let j = 0; j < c; j++) Et[j * r + i] = W.values[i * c + j];
      w[`E${l}`] = { shape: [c, r], values: Et };
    }
    for (const k of ['M2', 'M3']) w[k] = { shape: w[k].shape, values: new Float32Array(w[k].values.length) };
    for (const k of ['P1', 'P2']) {
      const n = w[k].shape[0];
      w[k] = { shape: [n, n], values: Float32Array.from({ length: n * n }, (_, i) => (i % (n + 1) === 0 ? 1 : 0)) };
    }
    model.setWeights(w);
    const B = 32;
    const pixels = gatherImages(train, Array.from({ length: B }, (_, i) => i));
    const x = tf.tensor2d(pixels, [B, 784]);
    const traj = model.settleTrajectory(x, { recordSteps: Array.from({ length: K }, (_, k) => k + 1) });
    const E = await readAndDispose(traj.energies); // [K, 3]
    const mu = await readAndDispose(traj.frames); // [K, B, 784]
    const F: number[] = [];
    const sq: number[] = [];
    for (let k = 0; k < K; k++) {
      let nll = 0;
      for (let i = 0; i < B * 784; i++) {
        const m = mu[k * B * 784 + i];
        nll -= pixels[i] ? Math.log(m) : Math.log(1 - m);
      }
      F.push(nll / B + 0.5 * (E[3 * k + 1] + E[3 * k + 2]));
      sq.push(E[3 * k] + E[3 * k + 1] + E[3 * k + 2]);
    }
    for (let k = 1; k < K; k++) expect(F[k]).toBeLessThan(F[k - 1]);
    expect(F[K - 1]).toBeLessThan(F[0] - 3);
    expect(sq.some((v, k) => k > 0 && v > sq[k - 1])).toBe(true);
    x.dispose();
    model.dispose();
  });
});

describe('learning', () => {
  it('each update equals the explicit Hebbian outer products (SGD), and Sigma/P follow compute_precision', async () => {
    const lr = 0.5;
    // K = 20 so that the top layer is well under way (z3 first moves at step 4)
    const model = createGncnPdh({ ...TINY, K: 20, initStd: 0.2, optimizer: 'sgd', learningRate: lr });
    const w0 = await model.getWeights();
    const X = randomBinary(5, 10, 21);
    const s = refSettle(w0, X, { ...tinyRefCfg, K: 20 });
    const x = toTensor(X);
    tf.tidy(() => model.trainStep(x, 0)).dispose();
    const w1 = await model.getWeights();
    const N = X.r;
    // Delta = pre^T post / N, by explicit loops over the batch
    const outer = (pre: Mat, post: Mat) => {
      const out = new Float64Array(pre.c * post.c);
      for (let i = 0; i < pre.c; i++) for (let j = 0; j < post.c; j++) {
        for (let b = 0; b < N; b++) out[i * post.c + j] += pre.a[b * pre.c + i] * post.a[b * post.c + j];
      }
      return out.map((v) => v / N);
    };
    const [p1, p2, p3] = [relu(s.z1), relu(s.z2), relu(s.z3)];
    const expected: Record<string, Float64Array> = {
      W3: outer(p3, s.eT2), W2: outer(p2, s.eT1), W1: outer(p1, s.e0), M3: outer(p3, s.eT1), M2: outer(p2, s.e0),
      E3: outer(s.eT2, p3), E2: outer(s.eT1, p2), E1: outer(s.e0, p1),
    };
    for (const [k, delta] of Object.entries(expected)) {
      const want = w0[k].values.map((v, i) => v + lr * delta[i]);
      // the premise: no column clip binds, so the update is visible unchanged
      expect(Math.max(...columnNorms({ shape: w0[k].shape, values: want }))).toBeLessThan(1);
      const size = lr * Math.max(...delta.map(Math.abs));
      expect(size).toBeGreaterThan(5e-5); // every rule is exercised (the top layer's is the smallest)
      expect(maxAbsDiff(w1[k].values, want)).toBeLessThan(Math.min(2e-6, 0.01 * size));
    }
    for (const [l, eT] of [[1, s.eT1], [2, s.eT2]] as const) {
      const n = eT.c;
      const [S0, P0] = [w0[`Sigma${l}`].values, w0[`P${l}`].values];
      const ete = outer(eT, eT);
      // Sigma + lr/2 (eT^T eT - P)/N, then the fix (diag >= 1, +0.00025 everywhere), then column clip
      const fixed = Float64Array.from(S0, (v, i) => {
        const upd = v + lr * 0.5 * (ete[i] - P0[i] / N);
        return (i % (n + 1) === 0 ? Math.max(1, upd) : upd) + 0.00025;
      });
      const norms = Array.from({ length: n }, (_, j) => Math.hypot(...Array.from({ length: n }, (_, i) => fixed[i * n + j])));
      const wantSigma = fixed.map((v, i) => v / Math.max(1, norms[i % n]));
      expect(maxAbsDiff(w1[`Sigma${l}`].values, wantSigma)).toBeLessThan(2e-6);
      expect(Math.max(...norms)).toBeGreaterThan(1); // the clip binds for Sigma, so P must come before it
      // P = chol(fixed)^{-T} is the unique upper-triangular, positive-diagonal P with P^T L P = I,
      // where L is fixed with its upper triangle mirrored from the lower one.
      const P = w1[`P${l}`].values;
      for (let i = 0; i < n; i++) {
        expect(P[i * n + i]).toBeGreaterThan(0);
        for (let j = 0; j < i; j++) expect(P[i * n + j]).toBe(0);
      }
      for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) {
        let v = 0;
        for (let a = 0; a < n; a++) for (let b = 0; b < n; b++) {
          const L = a >= b ? fixed[a * n + b] : fixed[b * n + a];
          v += P[a * n + i] * L * P[b * n + j];
        }
        expect(v).toBeCloseTo(i === j ? 1 : 0, 5);
      }
    }
    x.dispose();
    model.dispose();
  });

  it('Adam uses the Keras convention: theta -= lr sqrt(1 - b2^t)/(1 - b1^t) m / (sqrt(v) + 1e-7)', async () => {
    const lr = 0.01;
    const model = createGncnPdh({ ...TINY, initStd: 0.15, learningRate: lr });
    const w0 = await model.getWeights();
    const X = randomBinary(5, 10, 22);
    const s = refSettle(w0, X, tinyRefCfg);
    const x = toTensor(X);
    tf.tidy(() => model.trainStep(x, 0)).dispose();
    const w1 = await model.getWeights();
    // step t = 1 with g = -Delta: m = 0.1 g, v = 0.001 g^2
    const delta = mm(relu(s.z1), s.e0, true).a.map((v) => v / X.r); // dW1 = phi(z1)^T e0 / N
    const want = w0.W1.values.map((v, i) => {
      const g = -delta[i];
      return v - ((lr * Math.sqrt(1 - 0.999)) / (1 - 0.9)) * ((0.1 * g) / (Math.sqrt(0.001 * g * g) + 1e-7));
    });
    expect(maxAbsDiff(w1.W1.values, want)).toBeLessThan(2e-6);
    x.dispose();
    model.dispose();
  });

  it.each(['clip', 'normalize'] as const)('column constraint %s after an update', async (columnConstraint) => {
    // initStd 1 makes every column start far above norm 1
    const model = createGncnPdh({ ...TINY, initStd: 1, columnConstraint, learningRate: 0.05 });
    const x = toTensor(randomBinary(5, 10, 23));
    tf.tidy(() => model.trainStep(x, 0)).dispose();
    const w = await model.getWeights();
    for (const k of ['W1', 'W2', 'W3', 'M2', 'M3', 'E1', 'E2', 'E3', 'Sigma1', 'Sigma2']) {
      const norms = columnNorms(w[k]);
      if (columnConstraint === 'clip') {
        norms.forEach((v) => expect(v).toBeLessThanOrEqual(1 + 1e-6));
        if (!k.startsWith('Sigma')) expect(Math.max(...norms)).toBeGreaterThan(1 - 1e-6); // clip did bind
      } else {
        norms.forEach((v) => expect(v).toBeCloseTo(1, 5));
      }
    }
    x.dispose();
    model.dispose();
  });

  it('trains on real MNIST: the energy and BCE fall, and settling then lowers the energy', async () => {
    const B = 32;
    const model = createGncnPdh({ layerSizes: [64, 64, 32], groupSize: 8, topGroupSize: 8, K: 20, learningRate: 3e-3, seed: 2 });
    const sampler = new BatchSampler(train.count, B, 3);
    const history: Float32Array[] = [];
    for (let step = 0; step < 20; step++) {
      const t = tf.tidy(() => model.trainStep(tf.tensor2d(gatherImages(train, sampler.next()), [B, 784]), step));
      history.push(await readAndDispose(t));
    }
    const mean = (rows: Float32Array[], k: number) => rows.reduce((s, r) => s + r[k], 0) / rows.length;
    const [first, last] = [history.slice(0, 4), history.slice(-4)];
    expect(mean(last, 3)).toBeLessThan(0.8 * mean(first, 3)); // energy
    expect(mean(last, 4)).toBeLessThan(0.8 * mean(first, 4)); // bce
    const x = tf.tensor2d(gatherImages(train, Array.from({ length: 128 }, (_, i) => i)), [128, 784]);
    const traj = model.settleTrajectory(x, { recordSteps: [] });
    const E = await readAndDispose(traj.energies);
    traj.frames.dispose();
    const total = (k: number) => E[3 * k] + E[3 * k + 1] + E[3 * k + 2];
    expect(total(19)).toBeLessThan(0.5 * total(0));
    x.dispose();
    model.dispose();
  });
});

describe('model plumbing', () => {
  it('a training step leaks no tensors', () => {
    const model = createGncnPdh(TINY);
    const x = toTensor(randomBinary(5, 10, 31));
    const before = tf.memory().numTensors;
    tf.tidy(() => model.trainStep(x, 0)).dispose();
    tf.tidy(() => model.trainStep(x, 1)).dispose();
    for (const t of [model.evaluate(x, 0), model.reconstruct(x), model.encode(x), model.sample(3, 1)]) t.dispose();
    const traj = model.settleTrajectory(x, { recordSteps: [2, 5] });
    traj.energies.dispose();
    traj.frames.dispose();
    expect(tf.memory().numTensors).toBe(before);
    x.dispose();
    const all = tf.memory().numTensors;
    model.dispose();
    // weights, P, code moments, V and Adam's moments are all released
    expect(all - tf.memory().numTensors).toBe(10 + 2 + 2 + 3 + 2 * 10);
  });

  it('completion leaves the observed pixels exactly unchanged', async () => {
    const model = createGncnPdh({ layerSizes: [32, 32, 16], groupSize: 8, topGroupSize: 8, K: 10 });
    const B = 8;
    const pixels = gatherImages(train, Array.from({ length: B }, (_, i) => i));
    const rng = createRng(4);
    const m = Float32Array.from({ length: B * 784 }, () => (rng.uniform() < 0.5 ? 1 : 0));
    const [x, mask] = [tf.tensor2d(pixels, [B, 784]), tf.tensor2d(m, [B, 784])];
    const out = await readAndDispose(model.complete(x, mask));
    let maskedMoved = 0;
    for (let i = 0; i < out.length; i++) {
      if (m[i]) expect(out[i]).toBe(pixels[i]);
      else {
        expect(out[i]).toBeGreaterThanOrEqual(0);
        expect(out[i]).toBeLessThanOrEqual(1);
        if (out[i] !== 0) maskedMoved++;
      }
    }
    expect(maskedMoved).toBeGreaterThan(0);
    [x, mask].forEach((t) => t.dispose());
    model.dispose();
  });

  it('save then load round-trips exactly, including P (which the stored Sigma cannot rebuild)', async () => {
    const a = createGncnPdh({ ...TINY, seed: 1 });
    const x = toTensor(randomBinary(5, 10, 41));
    for (let i = 0; i < 3; i++) tf.tidy(() => a.trainStep(x, i)).dispose();
    const saved = await a.getWeights();
    const b = createGncnPdh({ ...TINY, seed: 2 });
    b.setWeights(saved);
    const loaded = await b.getWeights();
    expect(Object.keys(loaded).sort()).toEqual(Object.keys(saved).sort());
    for (const k of Object.keys(saved)) expect(Array.from(loaded[k].values)).toEqual(Array.from(saved[k].values));
    expect(Array.from(await readAndDispose(b.reconstruct(x)))).toEqual(Array.from(await readAndDispose(a.reconstruct(x))));
    expect(Array.from(await readAndDispose(b.sample(4, 9)))).toEqual(Array.from(await readAndDispose(a.sample(4, 9))));
    // chol(Sigma)^{-T} of the stored (column-clipped) Sigma is not the P in use
    const n = 6;
    const R = choleskyLower(saved.Sigma1.values, n);
    expect(Math.abs(1 / R[0] - saved.P1.values[0])).toBeGreaterThan(1e-4);
    expect(() => b.setWeights({ ...saved, P1: { shape: [5, 5], values: new Float32Array(25) } })).toThrow(/P1/);
    x.dispose();
    a.dispose();
    b.dispose();
  });

  it('setLive changes beta, leak, K and the learning rate only', async () => {
    const model = createGncnPdh(TINY);
    expect(model.setLive('K', 5)).toBe(true);
    expect(model.setLive('beta', 0.05)).toBe(true);
    expect(model.setLive('leak', 0)).toBe(true);
    expect(model.setLive('learningRate', 1e-2)).toBe(true);
    expect(model.setLive('groupSize', 4)).toBe(false);
    const x = toTensor(randomBinary(2, 10, 51));
    const traj = model.settleTrajectory(x, { recordSteps: [5] });
    expect(traj.energies.shape).toEqual([5, 3]);
    expect(traj.frames.shape).toEqual([1, 2, 10]);
    traj.energies.dispose();
    traj.frames.dispose();
    expect(() => model.settleTrajectory(x, { recordSteps: [6] })).toThrow(/1\.\.5/);
    x.dispose();
    model.dispose();
  });

  it('has 1,753,920 learned parameters at the default sizes (section 1.10)', () => {
    const model = createGncnPdh();
    expect(model.numParams).toBe(1_753_920);
    expect(model.codeSize).toBe(360);
    expect(model.kind).toBe('gncn-pdh');
    expect(model.terms.map((t) => t.key)).toEqual(['e0', 'e1', 'e2', 'energy', 'bce']);
    expect(model.objectiveKey).toBe('energy');
    model.dispose();
  });
});

/**
 * The dense layer's own gradient (src/core/nn/dense.ts) against tfjs's gradients of the plain
 * formula tf.add(tf.matMul(x, W), b), on CPU and on WASM (where the layer uses only untransposed
 * matMuls); and the two orientations of dX = dy W^T and dW = x^T dy against explicit loops.
 */
import { afterAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-wasm';
import { useCpuBackend } from './helpers/tf-cpu';
import { createDense, dense, inputGradient, weightGradient } from '@/core/nn/dense';

const maxAbsDiff = (a: ArrayLike<number>, b: ArrayLike<number>) => {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
};
const rand = (r: number, c: number, seed: number) => tf.randomNormal([r, c], 0, 1, 'float32', seed) as tf.Tensor2D;

/** d/d(x, W, b) of sum(tanh(f(x)) * w) for a layer function f; tanh and w make dy non-trivial. */
function grads(f: (x: tf.Tensor2D) => tf.Tensor2D, x: tf.Tensor2D, vars: tf.Variable[]) {
  const w = rand(x.shape[0], vars[0].shape[1] as number, 7);
  const loss = (xx: tf.Tensor2D) => tf.sum(tf.mul(tf.tanh(f(xx)), w)) as tf.Scalar;
  const { grads: g } = tf.variableGrads(() => loss(x), vars);
  const dx = tf.grad((xx: tf.Tensor) => loss(xx as tf.Tensor2D))(x);
  return { dx: dx.dataSync(), dW: g[vars[0].name].dataSync(), db: g[vars[1].name].dataSync() };
}

describe.each(['cpu', 'wasm'])('dense on %s', (backend) => {
  afterAll(async () => {
    await useCpuBackend();
  });

  it('has the gradients tfjs computes for x W + b (the input, W and b)', async () => {
    if (backend === 'cpu') await useCpuBackend();
    else expect(await tf.setBackend('wasm')).toBe(true);
    await tf.ready();
    expect(tf.getBackend()).toBe(backend);
    const p = createDense('probe', 13, 9, 3);
    const x = rand(5, 13, 1);
    const ours = grads((xx) => dense(xx, p), x, [p.W, p.b]);
    const ref = grads((xx) => tf.add(tf.matMul(xx, p.W), p.b) as tf.Tensor2D, x, [p.W, p.b]);
    expect(maxAbsDiff(ours.dx, ref.dx)).toBeLessThan(1e-5);
    expect(maxAbsDiff(ours.dW, ref.dW)).toBeLessThan(1e-5);
    expect(maxAbsDiff(ours.db, ref.db)).toBeLessThan(1e-5);
    // the gradients are not trivially zero
    expect(Math.max(...Array.from(ours.dW, Math.abs))).toBeGreaterThan(1e-2);
    // the forward value is x W + b
    expect(maxAbsDiff(dense(x, p).dataSync(), tf.add(tf.matMul(x, p.W), p.b).dataSync())).toBeLessThan(1e-5);
    const before = tf.memory().numTensors;
    tf.tidy(() => { tf.variableGrads(() => tf.sum(dense(x, p)) as tf.Scalar, [p.W, p.b]); });
    expect(tf.memory().numTensors).toBe(before);
    [p.W, p.b, x].forEach((t) => t.dispose());
  });
});

describe('dX = dy W^T and dW = x^T dy, in both orientations', () => {
  it('equal explicit loops', async () => {
    await useCpuBackend();
    const [B, n, m] = [4, 6, 5];
    const dy = rand(B, m, 11);
    const W = rand(n, m, 12);
    const x = rand(B, n, 13);
    const [dyA, WA, xA] = [dy.arraySync(), W.arraySync(), x.arraySync()];
    const dX = Array.from({ length: B }, (_, r) => Array.from({ length: n }, (_, i) => WA[i].reduce((s, w, j) => s + dyA[r][j] * w, 0)));
    const dW = Array.from({ length: n }, (_, i) => Array.from({ length: m }, (_, j) => xA.reduce((s, row, r) => s + row[i] * dyA[r][j], 0)));
    for (const form of ['plain', 'transposed'] as const) {
      expect(maxAbsDiff(inputGradient(dy, W, form).dataSync(), dX.flat())).toBeLessThan(1e-5);
      expect(maxAbsDiff(weightGradient(x, dy, form).dataSync(), dW.flat())).toBeLessThan(1e-5);
    }
  });
});

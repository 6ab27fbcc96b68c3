/**
 * The in-ecosystem baseline: the GVAE training step as a tfjs user would first write it.
 * Layers are tf.matMul(x, W) + b with tfjs's own gradients (whose backward matMuls read W and x
 * transposed), tf.train.adam's minimize(), and the loss read back after every step. Same sizes,
 * initial weights, noise and objective as our GVAE; no gradient clipping (a little less work
 * than ours). Runs on whatever backend is active (Node or the bench page).
 */
import * as tf from '@tensorflow/tfjs-core';
import { createDense, type DenseParams } from '@/core/nn/dense';
import { createRng, deriveSeed, normalArray } from '@/core/rng';

export interface NaiveVae {
  /** One step on a [B, 784] batch; resolves with the loss after reading it back. */
  step(pixels: Float32Array, batch: number): Promise<number>;
  dispose(): void;
}

export function createNaiveVae(hidden: number, latent: number, seed = 1): NaiveVae {
  const L = (name: string, i: number, o: number, gain = 2) => createDense(name, i, o, seed, gain);
  const net: Record<string, DenseParams> = {
    enc1: L('enc1', 784, hidden), enc2: L('enc2', hidden, hidden), encMu: L('encMu', hidden, latent, 1),
    encLogVar: L('encLogVar', hidden, latent, 1), dec1: L('dec1', latent, hidden), dec2: L('dec2', hidden, hidden),
    decOut: L('decOut', hidden, 784, 1),
  };
  const vars = Object.values(net).flatMap((p) => [p.W, p.b]);
  const optimizer = tf.train.adam(1e-3);
  const lin = (x: tf.Tensor2D, p: DenseParams) => tf.add(tf.matMul(x, p.W), p.b) as tf.Tensor2D;
  let t = 0;
  return {
    async step(pixels, batch) {
      const eps = tf.tensor2d(normalArray(createRng(deriveSeed(seed, 'eps', t++)), batch * latent), [batch, latent]);
      const x = tf.tensor2d(pixels, [batch, 784]);
      const cost = optimizer.minimize(() => {
        const h = tf.relu(lin(tf.relu(lin(x, net.enc1)), net.enc2));
        const mu = lin(h, net.encMu);
        const logVar = tf.clipByValue(lin(h, net.encLogVar), -10, 10);
        const z = tf.add(mu, tf.mul(tf.exp(tf.mul(0.5, logVar)), eps)) as tf.Tensor2D;
        const logits = lin(tf.relu(lin(tf.relu(lin(z, net.dec1)), net.dec2)), net.decOut);
        const softplus = tf.add(tf.relu(logits), tf.log1p(tf.exp(tf.neg(tf.abs(logits)))));
        const recon = tf.mean(tf.sum(tf.sub(softplus, tf.mul(x, logits)), 1));
        const kl = tf.mean(tf.mul(0.5, tf.sum(tf.sub(tf.sub(tf.add(tf.square(mu), tf.exp(logVar)), 1), logVar), 1)));
        return tf.add(recon, kl) as tf.Scalar;
      }, true, vars) as tf.Scalar;
      const value = (await cost.data())[0];
      [cost, x, eps].forEach((v) => v.dispose());
      return value;
    },
    dispose() {
      vars.forEach((v) => v.dispose());
      optimizer.dispose();
    },
  };
}

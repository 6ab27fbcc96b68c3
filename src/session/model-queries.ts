/**
 * What the demos ask of the live model, with plain numbers in and out: reconstruct, complete
 * under a mask, encode, decode, sample, and (GNCN-PDH) the settling trajectory. Each call queues its
 * tensor work synchronously (while the model is alive), then awaits one readback.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { GenerativeModel } from '@/core/models/types';
import type { GncnPdhModel } from '@/core/models/gncn-pdh';
import type { RegularizedAutoencoder } from '@/core/models/regularized-ae';

const D = 784;

async function read(t: tf.Tensor): Promise<Float32Array> {
  try {
    return (await t.data()) as Float32Array;
  } finally {
    t.dispose();
  }
}

/** Bernoulli means of the reconstructions. x: [n, 784] -> [n, 784] */
export function reconstruct(model: GenerativeModel, x: Float32Array, n: number): Promise<Float32Array> {
  return read(tf.tidy(() => model.reconstruct(tf.tensor2d(x, [n, D]))));
}

/**
 * The model's completion of masked images.
 * @param mask 1 = observed, 0 = masked; [784] (one mask for all) or [n, 784]
 */
export function complete(model: GenerativeModel, x: Float32Array, mask: Float32Array, n: number): Promise<Float32Array> {
  return read(tf.tidy(() => model.complete(tf.tensor2d(x, [n, D]), tf.tensor2d(mask, [mask.length / D, D]))));
}

/** Top latent codes. x: [n, 784] -> [n, codeSize] */
export function encode(model: GenerativeModel, x: Float32Array, n: number): Promise<Float32Array> {
  return read(tf.tidy(() => model.encode(tf.tensor2d(x, [n, D]))));
}

/** Whether the model has a generative map decode(z) from its top code. */
export function hasDecoder(model: GenerativeModel): model is GenerativeModel & Required<Pick<GenerativeModel, 'decode'>> {
  return typeof model.decode === 'function';
}

/**
 * Bernoulli means p(x = 1 | z) of n top codes. z: [n, codeSize] -> [n, 784]
 * @throws RangeError when the model has no decoder or z is not [n, codeSize]
 */
export function decode(model: GenerativeModel, z: Float32Array, n: number): Promise<Float32Array> {
  if (!hasDecoder(model)) throw new RangeError(`${model.kind} has no decode(z)`);
  if (z.length !== n * model.codeSize) throw new RangeError(`decode: expected ${n} x ${model.codeSize} codes, got ${z.length} numbers`);
  return read(tf.tidy(() => model.decode(tf.tensor2d(z, [n, model.codeSize]))));
}

/** n new digits (Bernoulli means) from the model's prior or ex-post density. -> [n, 784] */
export function sample(model: GenerativeModel, n: number, seed: number): Promise<Float32Array> {
  return read(tf.tidy(() => model.sample(n, seed)));
}

/** Whether the model settles (GNCN-PDH). */
export function isSettling(model: GenerativeModel): model is GncnPdhModel {
  return 'settleTrajectory' in model;
}

/** Whether the model samples from an ex-post code density (RAE). */
export function hasCodeDensity(model: GenerativeModel): model is RegularizedAutoencoder {
  return 'fitCodeDensity' in model;
}

/** A settling run, read back: per-layer error energy after each step and mu0 at recorded steps. */
export interface Trajectory {
  K: number;
  /** [K, 3]: e0, e1, e2 energy per image after each step. */
  energies: Float32Array;
  recordSteps: number[];
  /** [recordSteps.length, n, 784] */
  frames: Float32Array;
}

/**
 * Settles GNCN-PDH on x (completion when `mask` is given) and records the trajectory.
 * @param recordSteps 1-based steps at which mu0 is kept
 */
export async function settleTrajectory(
  model: GncnPdhModel, x: Float32Array, n: number, mask: Float32Array | null, recordSteps: number[],
): Promise<Trajectory> {
  const { energies, frames } = tf.tidy(() => {
    const r = model.settleTrajectory(tf.tensor2d(x, [n, D]), {
      mask: mask ? tf.tensor2d(mask, [mask.length / D, D]) : undefined,
      recordSteps,
    });
    return { energies: r.energies, frames: r.frames };
  });
  const K = energies.shape[0];
  const [e, f] = await Promise.all([read(energies), read(frames)]);
  return { K, energies: e, recordSteps, frames: f };
}

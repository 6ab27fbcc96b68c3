/**
 * The pieces shared by the backprop autoencoders (GVAE, GVAE-CV, RAE): the MLP encoder trunk
 * and decoder, the optimizer, the clipped training step that returns named terms, and masked
 * completion.
 *
 * Architecture (Ororbia & Kifer, Nat. Commun. 13, 2064 (2022), Appendix "Baseline Model
 * Descriptions"): encoder 784 -> H -> H -> heads, decoder J -> H -> H -> 784, ReLU hidden
 * layers of equal width, logistic-sigmoid output (Bernoulli means), computed here as logits.
 * Layer names are also their seed purposes (as in src/core/nn/dense.ts), so a layer called
 * "dec1" starts from the same numbers in every model built with the same seed.
 */
import * as tf from '@tensorflow/tfjs-core';
import { createDense, dense, denseVariables, type DenseParams } from '@/core/nn/dense';
import { checkClipNorm, clippedGradientStep } from '@/core/train/gradients';
import { createRng, normalArray } from '@/core/rng';
import { readWeights, writeWeights } from '@/core/models/weights';
import type { WeightMap } from '@/core/models/types';

/** Pixels of a binarized MNIST image (28 x 28). */
export const PIXELS = 784;
/** Global gradient-norm clip (the paper's "Gaussian ball with radius of 5.0"); the default of every model's gradClip. */
export const GRAD_CLIP = 5;
/** @throws RangeError unless the clip radius is > 0 or Infinity (off); see clippedGradientStep */
export const checkGradClip = checkClipNorm;

/** 'adam' (tf.train.adam, default) or plain 'sgd' (the paper's baselines use SGD; no rate is reported). */
export type OptimizerKind = 'adam' | 'sgd';

/** Shared encoder layers 784 -> H -> H; each model adds its own heads on top. */
export type EncoderTrunk = { enc1: DenseParams; enc2: DenseParams };

/** Decoder J -> H -> H -> 784 (logits). */
export type MlpDecoder = { dec1: DenseParams; dec2: DenseParams; decOut: DenseParams };

let scopeCounter = 0;
/**
 * A variable-name prefix unique in this page/process, e.g. "gvae-3". tfjs registers variables
 * by name (a second "enc1/W" throws) and the optimizer finds them by name, so two models can
 * only coexist (a rebuild before the old model is disposed, a save/load round trip) when their
 * variables' names differ. The saved-weights names ("enc1/W") do not carry the prefix.
 */
export function nextScope(kind: string): string {
  scopeCounter += 1;
  return `${kind}-${scopeCounter}`;
}

/** createDense with the tfjs variables named "<scope>/<name>/W" and "<scope>/<name>/b" (see nextScope). */
export function createScopedDense(scope: string, name: string, inDim: number, outDim: number, seed: number, gain = 2): DenseParams {
  return createDense(name, inDim, outDim, seed, gain, scope);
}

/** Names of the decoder's layers, Theta_NN in the paper's decoder-L2 penalty. */
export const DECODER_LAYERS = ['dec1', 'dec2', 'decOut'] as const;

/** enc1: 784 -> H, enc2: H -> H (He init). */
export function createEncoderTrunk(scope: string, hiddenWidth: number, seed: number): EncoderTrunk {
  return {
    enc1: createScopedDense(scope, 'enc1', PIXELS, hiddenWidth, seed),
    enc2: createScopedDense(scope, 'enc2', hiddenWidth, hiddenWidth, seed),
  };
}

/** dec1: J -> H, dec2: H -> H (He init), decOut: H -> 784 (LeCun init, feeds a sigmoid). */
export function createMlpDecoder(scope: string, latentDim: number, hiddenWidth: number, seed: number): MlpDecoder {
  return {
    dec1: createScopedDense(scope, 'dec1', latentDim, hiddenWidth, seed),
    dec2: createScopedDense(scope, 'dec2', hiddenWidth, hiddenWidth, seed),
    decOut: createScopedDense(scope, 'decOut', hiddenWidth, PIXELS, seed, 1),
  };
}

/** h = relu(relu(x W1 + b1) W2 + b2).  [B, 784] -> [B, H] */
export function encodeHidden(net: EncoderTrunk, x: tf.Tensor2D): tf.Tensor2D {
  return tf.relu(dense(tf.relu(dense(x, net.enc1)), net.enc2));
}

/** Decoder logits l(z); the Bernoulli means are sigmoid(l).  [B, J] -> [B, 784] */
export function decodeLogits(net: MlpDecoder, z: tf.Tensor2D): tf.Tensor2D {
  return dense(tf.relu(dense(tf.relu(dense(z, net.dec1)), net.dec2)), net.decOut);
}

/** Every layer's W and b, keyed "<layer>/W" and "<layer>/b" (the saved-weights names). */
export function namedVariables(net: Record<string, DenseParams>): Record<string, tf.Variable> {
  const named: Record<string, tf.Variable> = {};
  for (const [name, p] of Object.entries(net)) {
    named[`${name}/W`] = p.W;
    named[`${name}/b`] = p.b;
  }
  return named;
}

/** All trainable variables, in the net's layer order (W, b per layer). */
export function netVariables(net: Record<string, DenseParams>): tf.Variable[] {
  return Object.values(net).flatMap(denseVariables);
}

/** @param learningRate must be > 0 */
export function createOptimizer(kind: OptimizerKind, learningRate: number): tf.Optimizer {
  if (!(learningRate > 0)) throw new RangeError(`learning rate must be > 0, got ${learningRate}`);
  if (kind === 'adam') return tf.train.adam(learningRate);
  if (kind === 'sgd') return tf.train.sgd(learningRate);
  throw new Error(`unknown optimizer "${String(kind)}"`);
}

/**
 * Changes the learning rate keeping the optimizer state. tfjs's SGD caches -lr in a tensor
 * (setLearningRate rebuilds it); Adam reads the `learningRate` field on every step.
 */
export function setOptimizerLearningRate(optimizer: tf.Optimizer, learningRate: number): void {
  if (!(learningRate > 0)) throw new RangeError(`learning rate must be > 0, got ${learningRate}`);
  const o = optimizer as unknown as { learningRate: number; setLearningRate?: (lr: number) => void };
  if (typeof o.setLearningRate === 'function') o.setLearningRate(learningRate);
  else o.learningRate = learningRate;
}

/** Named scalar terms of one batch. */
export type TermScalars = Record<string, tf.Scalar>;

/** Stacks the terms in `keys` order.  -> [keys.length] */
export function stackTerms(t: TermScalars, keys: readonly string[]): tf.Tensor1D {
  return tf.stack(keys.map((k) => t[k])) as tf.Tensor1D;
}

/**
 * One clipped gradient step on terms()[objectiveKey]; call inside tf.tidy.
 * @param maxNorm the global-norm clip radius (default GRAD_CLIP; Infinity: no clipping)
 * @returns the terms before the update, in `keys` order (owned by the caller)
 */
export function trainStepOnTerms(
  optimizer: tf.Optimizer,
  vars: tf.Variable[],
  terms: () => TermScalars,
  keys: readonly string[],
  objectiveKey: string,
  maxNorm: number = GRAD_CLIP,
): tf.Tensor1D {
  let termVector: tf.Tensor1D | null = null;
  clippedGradientStep(optimizer, vars, () => {
    const t = terms();
    termVector = tf.keep(stackTerms(t, keys)); // outlives the gradient's forward tidy
    return t[objectiveKey];
  }, maxNorm);
  return termVector as unknown as tf.Tensor1D;
}

/** x * m + xHat * (1 - m): observed pixels from x, the rest from xHat.  [B, 784] */
export function fillMasked(x: tf.Tensor2D, mask: tf.Tensor2D, xHat: tf.Tensor2D): tf.Tensor2D {
  return tf.add(tf.mul(x, mask), tf.mul(xHat, tf.sub(1, mask))) as tf.Tensor2D;
}

/**
 * Autoencoder completion. x^(0) = x * m (masked pixels 0); then for t = 0..T:
 *   xHat^(t) = reconstruct(x^(t)),  x^(t+1) = x * m + xHat^(t) * (1 - m)
 * and the result is x^(T+1). T = refillSteps = 0 is "encode the masked image, decode, keep the
 * observed pixels"; T > 0 re-encodes the current completion (Bernoulli means, not samples).
 * Observed pixels are returned exactly as given.
 * @param reconstruct Bernoulli means of the reconstruction, [B, 784] -> [B, 784]
 */
export function completeByRefill(
  x: tf.Tensor2D,
  mask: tf.Tensor2D,
  reconstruct: (x: tf.Tensor2D) => tf.Tensor2D,
  refillSteps: number,
): tf.Tensor2D {
  return tf.tidy(() => {
    let current = tf.mul(x, mask) as tf.Tensor2D; // [B, 784]
    for (let t = 0; t <= refillSteps; t++) current = fillMasked(x, mask, reconstruct(current));
    return current;
  });
}

/** @throws RangeError unless refillSteps is an integer in [0, 100] */
export function checkRefillSteps(refillSteps: number): number {
  if (!Number.isInteger(refillSteps) || refillSteps < 0 || refillSteps > 100) {
    throw new RangeError(`refillSteps must be an integer in [0, 100], got ${refillSteps}`);
  }
  return refillSteps;
}

/** eps ~ N(0, I), drawn in JS from the seed so every backend sees the same noise. -> [B, J] */
export function standardNormal(B: number, J: number, streamSeed: number): tf.Tensor2D {
  return tf.tensor2d(normalArray(createRng(streamSeed), B * J), [B, J]);
}

/** Save, load and dispose for a backprop model: its named variables and its optimizer. */
export function netLifecycle(named: Record<string, tf.Variable>, vars: tf.Variable[], optimizer: tf.Optimizer) {
  return {
    getWeights(): Promise<WeightMap> {
      return readWeights(named);
    },
    setWeights(weights: WeightMap): void {
      writeWeights(named, weights);
    },
    dispose(): void {
      vars.forEach((v) => v.dispose());
      optimizer.dispose();
    },
  };
}

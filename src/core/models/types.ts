/**
 * The one interface every model implements. The UI, the trainer and (later) the evaluation
 * code use it without knowing which model is behind it.
 *
 * Tensor ownership: methods that return tensors create new ones and do not keep them; the
 * caller (core/train) wraps calls in tf.tidy or disposes what it gets.
 */
import type * as tf from '@tensorflow/tfjs-core';

export type ModelKind = 'gvae' | 'gvae-cv' | 'rae' | 'gncn-pdh';
/** The four models, in the paper's table order. */
export const MODEL_KINDS: readonly ModelKind[] = ['gvae', 'gvae-cv', 'rae', 'gncn-pdh'];

/**
 * Units a term can be in. "nats": a log-likelihood or KL per image (summed over pixels or
 * latent units; a per-pixel mean is never shown as nats). "energy": a squared prediction error
 * per image. "squared norm": a penalty such as a sum of squared weights (no unit of information).
 */
export type TermUnit = 'nats' | 'energy' | 'squared norm';

/** One named term of a model's objective, e.g. the reconstruction term of the ELBO. */
export interface TermSpec {
  /** Key in loss records, e.g. "recon". */
  key: string;
  /** Short label for legends, e.g. "reconstruction (BCE)". */
  label: string;
  /** TeX for the derivation and the legend, e.g. "-\\mathbb{E}_q[\\log p(x\\mid z)]". */
  tex: string;
  unit: TermUnit;
  /** What this number is, in one sentence (per image, summed over pixels, ...). */
  description: string;
}

/** Named values of a model's terms, as plain numbers (what the UI receives). */
export type TermValues = Record<string, number>;

/** A model's learned state as plain arrays, for save/load and snapshots. */
export type WeightMap = Record<string, { shape: number[]; values: Float32Array }>;

export interface GenerativeModel {
  readonly kind: ModelKind;
  /** The terms, in the order of the vectors that trainStep and evaluate return. */
  readonly terms: readonly TermSpec[];
  /** Key of the term that training minimizes (e.g. "negElbo"). */
  readonly objectiveKey: string;
  /** Size of the code that encode() returns. */
  readonly codeSize: number;
  /** Number of learned scalars. */
  readonly numParams: number;

  /**
   * One training step on a batch.
   * @param x binarized images, [B, 784]
   * @param step global step index, which seeds this step's noise
   * @returns the batch's terms before the update, [terms.length]
   */
  trainStep(x: tf.Tensor2D, step: number): tf.Tensor1D;
  /** The terms on a batch without updating (noise seeded by `seed`). [B, 784] -> [terms.length] */
  evaluate(x: tf.Tensor2D, seed: number): tf.Tensor1D;
  /** Bernoulli means of the reconstruction. [B, 784] -> [B, 784] */
  reconstruct(x: tf.Tensor2D): tf.Tensor2D;
  /** The top latent code. [B, 784] -> [B, codeSize] */
  encode(x: tf.Tensor2D): tf.Tensor2D;
  /**
   * Completes masked images.
   * @param x images, [B, 784]; @param mask 1 where a pixel is observed, 0 where masked, [B, 784] or [1, 784]
   * @returns Bernoulli means, [B, 784]; observed pixels are kept as given
   */
  complete(x: tf.Tensor2D, mask: tf.Tensor2D): tf.Tensor2D;
  /** n new digits (Bernoulli means) from the model's prior. -> [n, 784] */
  sample(n: number, seed: number): tf.Tensor2D;
  /**
   * Optional: the generative map, Bernoulli means of p(x|z) for top codes z (what the log p(x)
   * estimator decodes GMM draws with; GNCN-PDH: the ancestral projection from z3, relu applied).
   * [N, codeSize] -> [N, 784]
   */
  decode?(z: tf.Tensor2D): tf.Tensor2D;
  /**
   * Optional (VAEs): the Gaussian posterior q(z|x) = N(mu, diag exp(logVar)), the proposal of
   * the importance-sampled log p(x). [B, 784] -> mu [B, codeSize], logVar [B, codeSize]
   */
  posterior?(x: tf.Tensor2D): { mu: tf.Tensor2D; logVar: tf.Tensor2D };
  /**
   * Changes a setting that needs no re-initialization (the learning rate, beta, ...), keeping
   * the weights and the optimizer state.
   * @returns false when the model cannot change `key` live (the caller rebuilds it instead)
   */
  setLive(key: string, value: number): boolean;
  /** Copies the learned state out (async readback). */
  getWeights(): Promise<WeightMap>;
  /**
   * Restores state saved by getWeights; throws on a missing name or a shape mismatch.
   * @param opts.continuing the same run's later weights (trained elsewhere, e.g. in the training
   * worker): state derived from the weights, such as the RAE's fitted code density, is kept and
   * marked stale, as after training steps, instead of dropped
   */
  setWeights(weights: WeightMap, opts?: { continuing?: boolean }): void;
  /** Frees every variable and the optimizer state. */
  dispose(): void;
}

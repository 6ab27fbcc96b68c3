/**
 * Weight penalties of the backprop baselines, as named terms.
 *
 * Ororbia & Kifer, Nat. Commun. 13, 2064 (2022), Appendix "Baseline Model Descriptions": every
 * backprop baseline maximizes psi_reg = psi - lambda * sum_{W in Theta_NN} ||W||_2^2, Theta_NN
 * the DECODER's weights (squared Frobenius norms); lambda is not reported. Here:
 *   - only weight matrices W are penalized, never biases (the paper writes W; a bias decay is
 *     not a Gaussian prior on the mapping's slope);
 *   - the penalty is added to the per-image objective (nats per image, a batch mean), so lambda
 *     does not change meaning with the batch size;
 *   - the 'l2' term reports the UNWEIGHTED sum of squares (a plain number, not nats); the
 *     objective 'loss' adds lambda times it.
 * Term-list convention shared by GVAE and GVAE-CV: with decoderL2 = 0 the terms are the model's
 * own (recon, kl, negElbo) and the objective is negElbo; with decoderL2 > 0 two terms follow,
 * 'l2' and 'loss' = negElbo + lambda * l2, and 'loss' is the objective.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { DenseParams } from '@/core/nn/dense';
import type { TermSpec } from '@/core/models/types';
import { DECODER_LAYERS, type MlpDecoder } from '@/core/models/mlp-autoencoder';

/**
 * R = sum_l ||W_l||_F^2 = sum_l sum_ij (W_l)_ij^2 over the layers' weight matrices (biases
 * excluded).  -> scalar
 */
export function sumSquaredWeights(layers: readonly DenseParams[]): tf.Scalar {
  // A chain of tf.add, not tf.addN: under Vitest's ESM tfjs-core (register_all_gradients)
  // the AddN gradient receives a null dy and throws; tf.add differentiates everywhere.
  return layers.map((p) => tf.sum(tf.square(p.W)) as tf.Scalar).reduce((acc, s) => tf.add(acc, s));
}

/** The decoder's layers, Theta_NN: dec1, dec2, decOut. */
export function decoderLayers(net: MlpDecoder): DenseParams[] {
  return DECODER_LAYERS.map((name) => net[name]);
}

/** @throws RangeError unless lambda is finite and >= 0 */
export function checkPenaltyWeight(name: string, lambda: number): number {
  if (!(lambda >= 0) || !Number.isFinite(lambda)) throw new RangeError(`${name} must be finite and >= 0, got ${lambda}`);
  return lambda;
}

/** The 'l2' term of GVAE and GVAE-CV. */
export const DECODER_L2_TERM: TermSpec = {
  key: 'l2', label: 'decoder L2 (unweighted)', tex: '\\sum_{W\\in\\mathrm{dec}}\\lVert W\\rVert_F^2', unit: 'squared norm',
  description: 'Sum of squared decoder weights (dec1, dec2, decOut; no biases): a squared norm, not nats. The objective adds lambda_dec times it.',
};

/** The 'loss' term of a VAE with decoder L2: the minimized objective. */
export const VAE_L2_LOSS_TERM: TermSpec = {
  key: 'loss', label: 'objective', tex: '-\\mathcal{L} + \\lambda_{\\mathrm{dec}}\\sum_{W\\in\\mathrm{dec}}\\lVert W\\rVert_F^2', unit: 'nats',
  description: 'The minimized objective, negElbo + lambda_dec * l2, per image: nats plus a weight penalty, so no longer a bound on -log p(x).',
};

/** The term list of a VAE: `base` alone when lambda = 0, else base + l2 + loss (see the file header). */
export function vaeTermsWithL2(base: readonly TermSpec[], decoderL2: number): readonly TermSpec[] {
  return decoderL2 > 0 ? [...base, DECODER_L2_TERM, VAE_L2_LOSS_TERM] : base;
}

/**
 * GVAE: Gaussian variational autoencoder with a learned diagonal posterior and a Bernoulli
 * decoder, trained by maximizing the ELBO with the reparameterization trick.
 *
 * References:
 *  - Kingma & Welling, "Auto-Encoding Variational Bayes", ICLR 2014 (arXiv 1312.6114).
 *  - Ororbia & Kifer, Nat. Commun. 13, 2064 (2022), Appendix "Baseline Model Descriptions":
 *    GVAE baseline, Eq. 21 (= Eq. 20 - KL), latent size 20, ReLU hidden layers, sigmoid output,
 *    gradient re-projection to a ball of radius 5, L2 penalty on the decoder weights (lambda not
 *    reported; see decoder-l2.ts). The paper prints z = mu + sigma^2 * eps; that is a typo for
 *    sigma (Kingma & Welling), which is what we use.
 *
 *   q(z|x) = N(mu(x), diag sigma^2(x)),  p(z) = N(0, I),  p(x|z) = prod_d Bernoulli(x_d; f_d(z))
 *   ELBO(x) = E_q[log p(x|z)] - beta * KL(q(z|x) || p(z))      (beta = 1 is the true ELBO)
 *   objective = -ELBO + lambda_dec * sum_{W in decoder} ||W||_F^2   (lambda_dec = 0 by default)
 */
import * as tf from '@tensorflow/tfjs-core';
import { dense, type DenseParams } from '@/core/nn/dense';
import { deriveSeed } from '@/core/rng';
import { bernoulliNllFromLogits, klDiagGaussianToStdNormal } from '@/core/models/objectives';
import { countParams } from '@/core/models/weights';
import {
  checkGradClip, checkRefillSteps, completeByRefill, createEncoderTrunk, createMlpDecoder, createOptimizer, createScopedDense,
  decodeLogits, encodeHidden, namedVariables, netLifecycle, netVariables, nextScope, setOptimizerLearningRate, stackTerms, standardNormal,
  GRAD_CLIP, trainStepOnTerms,
  type EncoderTrunk, type MlpDecoder, type OptimizerKind,
} from '@/core/models/mlp-autoencoder';
import { checkPenaltyWeight, decoderLayers, sumSquaredWeights, vaeTermsWithL2 } from '@/core/models/decoder-l2';
import type { GenerativeModel, TermSpec } from '@/core/models/types';

export { PIXELS, GRAD_CLIP } from '@/core/models/mlp-autoencoder';

export interface GaussianVaeConfig {
  /** J, the size of z. */
  latentDim: number;
  /** Width of each of the two hidden layers, in the encoder and in the decoder. */
  hiddenWidth: number;
  /** Weight of the KL term; 1 gives the ELBO. */
  beta: number;
  learningRate: number;
  /** Seeds the initial weights and each step's eps. */
  seed: number;
  /** lambda_dec of the decoder L2 penalty (weights only); default 0 (terms then as without it). */
  decoderL2?: number;
  /** Default 'adam'. */
  optimizer?: OptimizerKind;
  /** Re-encoding passes in complete(); default 0 (see completeByRefill). */
  refillSteps?: number;
  /** Global-norm gradient clip radius; default GRAD_CLIP (5, the paper's); Infinity: no clipping. */
  gradClip?: number;
}

/** Defaults: ~1.36M parameters at hiddenWidth 512, latent 20 (GNCN-PDH's W+M+E: 1.49M). */
export const GVAE_DEFAULTS: Required<GaussianVaeConfig> = {
  latentDim: 20, hiddenWidth: 512, beta: 1, learningRate: 1e-3, seed: 1, decoderL2: 0, optimizer: 'adam', refillSteps: 0, gradClip: GRAD_CLIP,
};

/** log sigma^2 is clamped to this range: exp(10) = 22026 stays finite even in float16. */
export const LOG_VAR_RANGE = [-10, 10] as const;

export const GVAE_TERMS: readonly TermSpec[] = [
  {
    key: 'recon', label: 'reconstruction (BCE)', tex: '-\\mathbb{E}_{q}[\\log p(x\\mid z)]', unit: 'nats',
    description: 'Bernoulli negative log-likelihood, summed over the 784 pixels, mean over images (one z sample).',
  },
  {
    key: 'kl', label: 'KL to the prior', tex: '\\mathrm{KL}(q(z\\mid x)\\,\\|\\,p(z))', unit: 'nats',
    description: 'Closed-form KL of the diagonal Gaussian posterior to N(0, I), summed over latent units, mean over images.',
  },
  {
    key: 'negElbo', label: 'negative ELBO', tex: '-\\mathcal{L} = \\text{recon} + \\beta\\,\\text{KL}', unit: 'nats',
    description: 'The minimized objective, recon + beta KL, per image; with beta = 1 an upper bound on -log p(x).',
  },
];

/** The GVAE's layers. */
export type GvaeNet = EncoderTrunk & MlpDecoder & { encMu: DenseParams; encLogVar: DenseParams };

/**
 * Creates the GVAE's layers (the same initial values as createGaussianVae with this seed).
 * @param scope prefix of the tfjs variable names, unique by default (see nextScope)
 */
export function createGvaeNet(latentDim: number, hiddenWidth: number, seed: number, scope = nextScope('gvae')): GvaeNet {
  const trunk = createEncoderTrunk(scope, hiddenWidth, seed);
  const encMu = createScopedDense(scope, 'encMu', hiddenWidth, latentDim, seed, 1);
  const encLogVar = createScopedDense(scope, 'encLogVar', hiddenWidth, latentDim, seed, 1);
  return { ...trunk, encMu, encLogVar, ...createMlpDecoder(scope, latentDim, hiddenWidth, seed) };
}

/** q(z|x): [B, 784] -> mu [B, J], logVar [B, J] */
export function gvaeEncode(net: GvaeNet, x: tf.Tensor2D) {
  const h = encodeHidden(net, x); // [B, H]
  const mu = dense(h, net.encMu); // [B, J]
  const logVar = tf.clipByValue(dense(h, net.encLogVar), LOG_VAR_RANGE[0], LOG_VAR_RANGE[1]); // [B, J]
  return { mu, logVar };
}

/** Decoder logits: [B, J] -> [B, 784] */
export function gvaeDecodeLogits(net: GvaeNet, z: tf.Tensor2D): tf.Tensor2D {
  return decodeLogits(net, z);
}

/** Scalar terms of one batch; l2 and loss only when decoderL2 > 0. */
export interface GvaeTermScalars {
  recon: tf.Scalar;
  kl: tf.Scalar;
  negElbo: tf.Scalar;
  l2?: tf.Scalar;
  loss?: tf.Scalar;
}

/**
 * The named terms on a batch for given noise eps [B, J], each a scalar mean over the batch.
 * The same function is differentiated in training and checked by finite differences in tests.
 * @param decoderL2 lambda_dec; when > 0 adds l2 = sum_dec ||W||_F^2 and loss = negElbo + lambda_dec l2
 */
export function gvaeTerms(net: GvaeNet, x: tf.Tensor2D, eps: tf.Tensor2D, beta: number, decoderL2 = 0): GvaeTermScalars {
  const { mu, logVar } = gvaeEncode(net, x);
  // z = mu + sigma * eps,  sigma = exp(logVar / 2)      (reparameterization)
  const z: tf.Tensor2D = tf.add(mu, tf.mul(tf.exp(tf.mul(0.5, logVar)), eps)); // [B, J]
  const recon = tf.mean(bernoulliNllFromLogits(x, gvaeDecodeLogits(net, z))) as tf.Scalar; // [B] -> scalar
  const kl = tf.mean(klDiagGaussianToStdNormal(mu, logVar)) as tf.Scalar; // [B] -> scalar
  // -ELBO = recon + beta * KL
  const negElbo = tf.add(recon, tf.mul(beta, kl)) as tf.Scalar;
  if (!(decoderL2 > 0)) return { recon, kl, negElbo };
  // l2 = sum_{W in decoder} ||W||_F^2 ;  loss = -ELBO + lambda_dec * l2
  const l2 = sumSquaredWeights(decoderLayers(net));
  const loss = tf.add(negElbo, tf.mul(decoderL2, l2)) as tf.Scalar;
  return { recon, kl, negElbo, l2, loss };
}

/** Builds a GVAE; see the file header for the model. */
export function createGaussianVae(config: GaussianVaeConfig): GenerativeModel {
  const { latentDim: J, hiddenWidth: H, seed } = config;
  let beta = config.beta;
  let decoderL2 = checkPenaltyWeight('decoderL2', config.decoderL2 ?? 0);
  let refillSteps = checkRefillSteps(config.refillSteps ?? 0);
  let gradClip = checkGradClip(config.gradClip ?? GRAD_CLIP);
  const net = createGvaeNet(J, H, seed);
  const named = namedVariables(net);
  const vars = netVariables(net);
  const optimizer = createOptimizer(config.optimizer ?? 'adam', config.learningRate);
  // The term list is fixed at construction (decoder-l2.ts): l2 and loss exist iff decoderL2 > 0.
  const terms = vaeTermsWithL2(GVAE_TERMS, decoderL2);
  const keys = terms.map((t) => t.key);
  const objectiveKey = decoderL2 > 0 ? 'loss' : 'negElbo';

  const drawEps = (B: number, streamSeed: number) => standardNormal(B, J, streamSeed); // [B, J]
  const lossTerms = (x: tf.Tensor2D, eps: tf.Tensor2D) =>
    gvaeTerms(net, x, eps, beta, decoderL2) as unknown as Record<string, tf.Scalar>;
  const reconstruct = (x: tf.Tensor2D) => tf.sigmoid(gvaeDecodeLogits(net, gvaeEncode(net, x).mu));

  return {
    kind: 'gvae',
    terms,
    objectiveKey,
    codeSize: J,
    numParams: countParams(vars),

    trainStep(x, step) {
      const eps = drawEps(x.shape[0], deriveSeed(seed, 'eps', step));
      return trainStepOnTerms(optimizer, vars, () => lossTerms(x, eps), keys, objectiveKey, gradClip);
    },
    evaluate(x, evalSeed) {
      return stackTerms(lossTerms(x, drawEps(x.shape[0], evalSeed)), keys);
    },
    reconstruct(x) {
      // The posterior mean z = mu is decoded (the paper does not say mean or sample).
      return reconstruct(x);
    },
    encode(x) {
      return gvaeEncode(net, x).mu;
    },
    complete(x, mask) {
      // Encode the masked image (unobserved pixels set to 0), decode, keep observed pixels;
      // refillSteps > 0 re-encodes the completion that many times.
      return completeByRefill(x, mask, reconstruct, refillSteps);
    },
    sample(n, sampleSeed) {
      return tf.sigmoid(gvaeDecodeLogits(net, drawEps(n, sampleSeed)));
    },
    decode(z) {
      return tf.tidy(() => tf.sigmoid(gvaeDecodeLogits(net, z)));
    },
    posterior(x) {
      return tf.tidy(() => gvaeEncode(net, x));
    },
    setLive(key, value) {
      if (key === 'learningRate') setOptimizerLearningRate(optimizer, value);
      else if (key === 'beta') beta = value;
      else if (key === 'refillSteps') refillSteps = checkRefillSteps(value);
      else if (key === 'gradClip') gradClip = checkGradClip(value);
      // lambda_dec changes live only while it stays > 0 (the term list depends on it)
      else if (key === 'decoderL2' && decoderL2 > 0 && value > 0) decoderL2 = checkPenaltyWeight('decoderL2', value);
      else return false;
      return true;
    },
    ...netLifecycle(named, vars, optimizer),
  };
}

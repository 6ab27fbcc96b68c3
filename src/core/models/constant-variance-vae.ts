/**
 * GVAE-CV: a Gaussian VAE whose posterior variance is a fixed scalar sigma^2 (no sigma head).
 *
 * References:
 *  - Ororbia & Kifer, Nat. Commun. 13, 2064 (2022), Appendix "Baseline Model Descriptions":
 *    "CV-GVAE", a GVAE without the variance head whose variance is "chosen from the range
 *    [0.025, 1.0] by tuning performance to a held-out set" (the chosen value is not reported);
 *    same MLP, Bernoulli likelihood, decoder L2 and gradient clipping (5.0) as the GVAE.
 *  - Ghosh et al., "From variational to deterministic autoencoders", ICLR 2020 (the CV-VAE).
 *  - Kingma & Welling, "Auto-Encoding Variational Bayes", ICLR 2014.
 *
 *   q(z|x) = N(mu(x), sigma^2 I),  p(z) = N(0, I),  p(x|z) = prod_d Bernoulli(x_d; sigmoid(l_d(z)))
 *   z = mu + sqrt(sigma^2) * eps, eps ~ N(0, I)   (the paper prints sigma^2 * eps: a typo, as for the GVAE)
 *   KL(q || p) = 1/2 sum_j (mu_j^2 + sigma^2 - 1 - ln sigma^2)
 *              = 1/2 ||mu||^2 + J/2 (sigma^2 - 1 - ln sigma^2)
 * The KL is reported EXACTLY, constant included: its gradient is that of 1/2 ||mu||^2 whatever
 * sigma^2 is, but the reported KL and negative ELBO move with sigma^2 (a bound on -log p(x)
 * only with the constant; at sigma^2 = 1 the constant is 0).
 */
import * as tf from '@tensorflow/tfjs-core';
import { dense, type DenseParams } from '@/core/nn/dense';
import { deriveSeed } from '@/core/rng';
import { bernoulliNllFromLogits } from '@/core/models/objectives';
import { countParams } from '@/core/models/weights';
import {
  checkGradClip, checkRefillSteps, completeByRefill, createEncoderTrunk, createMlpDecoder, createOptimizer, createScopedDense,
  decodeLogits, encodeHidden, namedVariables, netLifecycle, netVariables, nextScope, setOptimizerLearningRate, stackTerms, standardNormal,
  GRAD_CLIP, trainStepOnTerms, type EncoderTrunk, type MlpDecoder, type OptimizerKind,
} from '@/core/models/mlp-autoencoder';
import { checkPenaltyWeight, decoderLayers, sumSquaredWeights, vaeTermsWithL2 } from '@/core/models/decoder-l2';
import type { GenerativeModel, TermSpec } from '@/core/models/types';

export interface ConstantVarianceVaeConfig {
  /** J, the size of z. Default 20. */
  latentDim: number;
  /** Width of each hidden layer (encoder and decoder). Default 512. */
  hiddenWidth: number;
  /** The fixed posterior variance sigma^2, in SIGMA2_RANGE. Default 1. */
  sigma2: number;
  /** Weight of the KL term; 1 (default) gives the ELBO. */
  beta: number;
  /** lambda_dec of the decoder L2 penalty (weights only). Default 0. */
  decoderL2: number;
  /** Default 1e-3. */
  learningRate: number;
  /** Default 'adam'. */
  optimizer: OptimizerKind;
  /** Re-encoding passes in complete(). Default 0. */
  refillSteps: number;
  /** Seeds the initial weights and each step's eps. Default 1. */
  seed: number;
  /** Global-norm gradient clip radius. Default GRAD_CLIP (5, the paper's); Infinity: no clipping. */
  gradClip: number;
}

/** Accepted sigma^2 (the paper tuned it in [0.025, 1]). */
export const SIGMA2_RANGE = [0.01, 2] as const;

export const CV_VAE_DEFAULTS: ConstantVarianceVaeConfig = {
  latentDim: 20, hiddenWidth: 512, sigma2: 1, beta: 1, decoderL2: 0, learningRate: 1e-3, optimizer: 'adam', refillSteps: 0, seed: 1, gradClip: GRAD_CLIP,
};

export const CV_VAE_TERMS: readonly TermSpec[] = [
  {
    key: 'recon', label: 'reconstruction (BCE)', tex: '-\\mathbb{E}_{q}[\\log p(x\\mid z)]', unit: 'nats',
    description: 'Bernoulli negative log-likelihood, summed over the 784 pixels, mean over images (one z sample, z = mu + sqrt(sigma^2) eps).',
  },
  {
    key: 'kl', label: 'KL to the prior', tex: '\\tfrac12\\lVert\\mu\\rVert^2 + \\tfrac{J}{2}(\\sigma^2 - 1 - \\ln\\sigma^2)', unit: 'nats',
    description: 'Exact KL of N(mu, sigma^2 I) to N(0, I), summed over latent units, mean over images; its constant J/2 (sigma^2 - 1 - ln sigma^2) changes with sigma^2.',
  },
  {
    key: 'negElbo', label: 'negative ELBO', tex: '-\\mathcal{L} = \\text{recon} + \\beta\\,\\text{KL}', unit: 'nats',
    description: 'recon + beta KL per image; with beta = 1 an upper bound on -log p(x).',
  },
];

/** The GVAE-CV's layers: the GVAE's without encLogVar. */
export type CvVaeNet = EncoderTrunk & MlpDecoder & { encMu: DenseParams };

/**
 * Creates the layers (same names, hence same initial values, as the GVAE's for a seed).
 * @param scope prefix of the tfjs variable names, unique by default
 */
export function createCvVaeNet(latentDim: number, hiddenWidth: number, seed: number, scope = nextScope('gvae-cv')): CvVaeNet {
  const trunk = createEncoderTrunk(scope, hiddenWidth, seed);
  const encMu = createScopedDense(scope, 'encMu', hiddenWidth, latentDim, seed, 1);
  return { ...trunk, encMu, ...createMlpDecoder(scope, latentDim, hiddenWidth, seed) };
}

/** The posterior mean.  [B, 784] -> mu [B, J] */
export function cvVaeEncode(net: CvVaeNet, x: tf.Tensor2D): tf.Tensor2D {
  return dense(encodeHidden(net, x), net.encMu);
}

/**
 * KL(N(mu, sigma^2 I) || N(0, I)) = 1/2 sum_j mu_j^2 + J/2 (sigma^2 - 1 - ln sigma^2).
 * [B, J] -> [B] (nats per image)
 */
export function klConstantVariance(mu: tf.Tensor2D, sigma2: number): tf.Tensor1D {
  const J = mu.shape[1];
  // constant part: J/2 (sigma^2 - 1 - ln sigma^2), >= 0 with equality at sigma^2 = 1
  const constant = 0.5 * J * (sigma2 - 1 - Math.log(sigma2));
  return tf.add(tf.mul(0.5, tf.sum(tf.square(mu), 1)), constant) as tf.Tensor1D;
}

/** Scalar terms of one batch; l2 and loss only when decoderL2 > 0. */
export interface CvVaeTermScalars {
  recon: tf.Scalar;
  kl: tf.Scalar;
  negElbo: tf.Scalar;
  l2?: tf.Scalar;
  loss?: tf.Scalar;
}

/**
 * The named terms on a batch for given noise eps [B, J], each a scalar mean over the batch.
 * The function that training differentiates and the tests check by finite differences.
 */
export function cvVaeTerms(
  net: CvVaeNet, x: tf.Tensor2D, eps: tf.Tensor2D, sigma2: number, beta: number, decoderL2 = 0,
): CvVaeTermScalars {
  const mu = cvVaeEncode(net, x); // [B, J]
  // z = mu + sqrt(sigma^2) * eps
  const z = tf.add(mu, tf.mul(Math.sqrt(sigma2), eps)) as tf.Tensor2D; // [B, J]
  const recon = tf.mean(bernoulliNllFromLogits(x, decodeLogits(net, z))) as tf.Scalar; // [B] -> scalar
  const kl = tf.mean(klConstantVariance(mu, sigma2)) as tf.Scalar; // [B] -> scalar
  // -ELBO = recon + beta * KL
  const negElbo = tf.add(recon, tf.mul(beta, kl)) as tf.Scalar;
  if (!(decoderL2 > 0)) return { recon, kl, negElbo };
  // l2 = sum_{W in decoder} ||W||_F^2 ;  loss = -ELBO + lambda_dec * l2
  const l2 = sumSquaredWeights(decoderLayers(net));
  const loss = tf.add(negElbo, tf.mul(decoderL2, l2)) as tf.Scalar;
  return { recon, kl, negElbo, l2, loss };
}

/** @throws RangeError unless sigma2 is in SIGMA2_RANGE */
export function checkSigma2(sigma2: number): number {
  if (!(sigma2 >= SIGMA2_RANGE[0] && sigma2 <= SIGMA2_RANGE[1])) {
    throw new RangeError(`sigma2 must be in [${SIGMA2_RANGE[0]}, ${SIGMA2_RANGE[1]}], got ${sigma2}`);
  }
  return sigma2;
}

/**
 * Builds a GVAE-CV (missing config fields take CV_VAE_DEFAULTS).
 * setLive: 'learningRate', 'sigma2' (noise scale and KL constant, no re-init), 'beta',
 * 'refillSteps', 'gradClip', and 'decoderL2' while it stays > 0.
 */
export function createConstantVarianceVae(config: Partial<ConstantVarianceVaeConfig> = {}): GenerativeModel {
  const c: ConstantVarianceVaeConfig = { ...CV_VAE_DEFAULTS, ...config };
  const { latentDim: J, hiddenWidth: H, seed } = c;
  let { beta } = c;
  let sigma2 = checkSigma2(c.sigma2);
  let decoderL2 = checkPenaltyWeight('decoderL2', c.decoderL2);
  let refillSteps = checkRefillSteps(c.refillSteps);
  let gradClip = checkGradClip(c.gradClip);
  const net = createCvVaeNet(J, H, seed);
  const named = namedVariables(net);
  const vars = netVariables(net);
  const optimizer = createOptimizer(c.optimizer, c.learningRate);
  const terms = vaeTermsWithL2(CV_VAE_TERMS, decoderL2);
  const keys = terms.map((t) => t.key);
  const objectiveKey = decoderL2 > 0 ? 'loss' : 'negElbo';

  const drawEps = (B: number, streamSeed: number) => standardNormal(B, J, streamSeed); // [B, J]
  const lossTerms = (x: tf.Tensor2D, eps: tf.Tensor2D) =>
    cvVaeTerms(net, x, eps, sigma2, beta, decoderL2) as unknown as Record<string, tf.Scalar>;
  // The posterior mean z = mu is decoded.
  const reconstruct = (x: tf.Tensor2D) => tf.sigmoid(decodeLogits(net, cvVaeEncode(net, x)));

  return {
    kind: 'gvae-cv',
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
    reconstruct,
    encode(x) {
      return cvVaeEncode(net, x);
    },
    complete(x, mask) {
      return completeByRefill(x, mask, reconstruct, refillSteps);
    },
    sample(n, sampleSeed) {
      // z ~ p(z) = N(0, I)
      return tf.sigmoid(decodeLogits(net, drawEps(n, sampleSeed)));
    },
    decode(z) {
      return tf.tidy(() => tf.sigmoid(decodeLogits(net, z)));
    },
    posterior(x) {
      // q(z|x) = N(mu(x), sigma^2 I): logVar = ln sigma^2 for every unit
      return tf.tidy(() => {
        const mu = cvVaeEncode(net, x);
        return { mu, logVar: tf.fill(mu.shape, Math.log(sigma2)) as tf.Tensor2D };
      });
    },
    setLive(key, value) {
      if (key === 'learningRate') setOptimizerLearningRate(optimizer, value);
      else if (key === 'sigma2') sigma2 = checkSigma2(value);
      else if (key === 'beta') beta = value;
      else if (key === 'refillSteps') refillSteps = checkRefillSteps(value);
      else if (key === 'gradClip') gradClip = checkGradClip(value);
      else if (key === 'decoderL2' && decoderL2 > 0 && value > 0) decoderL2 = checkPenaltyWeight('decoderL2', value);
      else return false;
      return true;
    },
    ...netLifecycle(named, vars, optimizer),
  };
}

/**
 * GVAE: Gaussian variational autoencoder with a learned diagonal posterior and a Bernoulli
 * decoder, trained by maximizing the ELBO with the reparameterization trick.
 *
 * References:
 *  - Kingma & Welling, "Auto-Encoding Variational Bayes", ICLR 2014 (arXiv 1312.6114).
 *  - Ororbia & Kifer, Nat. Commun. 13, 2064 (2022), Appendix "Baseline Model Descriptions":
 *    GVAE baseline, Eq. 21 (= Eq. 20 - KL), latent size 20, ReLU hidden layers, sigmoid output,
 *    gradient re-projection to a ball of radius 5. The paper prints z = mu + sigma^2 * eps; that
 *    is a typo for sigma (Kingma & Welling), which is what we use.
 *
 *   q(z|x) = N(mu(x), diag sigma^2(x)),  p(z) = N(0, I),  p(x|z) = prod_d Bernoulli(x_d; f_d(z))
 *   ELBO(x) = E_q[log p(x|z)] - beta * KL(q(z|x) || p(z))      (beta = 1 is the true ELBO)
 */
import * as tf from '@tensorflow/tfjs-core';
import { createDense, dense, denseVariables, type DenseParams } from '@/core/nn/dense';
import { createRng, deriveSeed, normalArray } from '@/core/rng';
import { bernoulliNllFromLogits, klDiagGaussianToStdNormal } from '@/core/models/objectives';
import { clippedGradientStep } from '@/core/train/gradients';
import { countParams, readWeights, writeWeights } from '@/core/models/weights';
import type { GenerativeModel, TermSpec, WeightMap } from '@/core/models/types';

export const PIXELS = 784;

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
}

/** log sigma^2 is clamped to this range: exp(10) = 22026 stays finite even in float16. */
export const LOG_VAR_RANGE = [-10, 10] as const;
/** Global gradient-norm clip (the paper's "Gaussian ball with radius of 5.0"). */
export const GRAD_CLIP = 5;

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
export type GvaeNet = Record<'enc1' | 'enc2' | 'encMu' | 'encLogVar' | 'dec1' | 'dec2' | 'decOut', DenseParams>;

/** q(z|x): [B, 784] -> mu [B, J], logVar [B, J] */
export function gvaeEncode(net: GvaeNet, x: tf.Tensor2D) {
  const h = tf.relu(dense(tf.relu(dense(x, net.enc1)), net.enc2)); // [B, H]
  const mu = dense(h, net.encMu); // [B, J]
  const logVar = tf.clipByValue(dense(h, net.encLogVar), LOG_VAR_RANGE[0], LOG_VAR_RANGE[1]); // [B, J]
  return { mu, logVar };
}

/** Decoder logits: [B, J] -> [B, 784] */
export function gvaeDecodeLogits(net: GvaeNet, z: tf.Tensor2D): tf.Tensor2D {
  return dense(tf.relu(dense(tf.relu(dense(z, net.dec1)), net.dec2)), net.decOut);
}

/**
 * The named terms on a batch for given noise eps [B, J], each a scalar mean over the batch.
 * The same function is differentiated in training and checked by finite differences in tests.
 */
export function gvaeTerms(net: GvaeNet, x: tf.Tensor2D, eps: tf.Tensor2D, beta: number) {
  const { mu, logVar } = gvaeEncode(net, x);
  // z = mu + sigma * eps,  sigma = exp(logVar / 2)      (reparameterization)
  const z: tf.Tensor2D = tf.add(mu, tf.mul(tf.exp(tf.mul(0.5, logVar)), eps)); // [B, J]
  const recon = tf.mean(bernoulliNllFromLogits(x, gvaeDecodeLogits(net, z))) as tf.Scalar; // [B] -> scalar
  const kl = tf.mean(klDiagGaussianToStdNormal(mu, logVar)) as tf.Scalar; // [B] -> scalar
  // -ELBO = recon + beta * KL
  const negElbo = tf.add(recon, tf.mul(beta, kl)) as tf.Scalar;
  return { recon, kl, negElbo };
}

/** Builds a GVAE; see the file header for the model. */
export function createGaussianVae(config: GaussianVaeConfig): GenerativeModel {
  const { latentDim: J, hiddenWidth: H, seed } = config;
  let beta = config.beta;
  const enc1 = createDense('enc1', PIXELS, H, seed);
  const enc2 = createDense('enc2', H, H, seed);
  const encMu = createDense('encMu', H, J, seed, 1);
  const encLogVar = createDense('encLogVar', H, J, seed, 1);
  const dec1 = createDense('dec1', J, H, seed);
  const dec2 = createDense('dec2', H, H, seed);
  const decOut = createDense('decOut', H, PIXELS, seed, 1);
  const net: GvaeNet = { enc1, enc2, encMu, encLogVar, dec1, dec2, decOut };
  const named: Record<string, tf.Variable> = {};
  for (const [name, p] of Object.entries(net)) {
    named[`${name}/W`] = p.W;
    named[`${name}/b`] = p.b;
  }
  const vars = Object.values(net).flatMap(denseVariables);
  const optimizer = tf.train.adam(config.learningRate);

  /** eps ~ N(0, I), drawn in JS from the seed so every backend sees the same noise. [B, J] */
  const drawEps = (B: number, streamSeed: number) =>
    tf.tensor2d(normalArray(createRng(streamSeed), B * J), [B, J]);
  const lossTerms = (x: tf.Tensor2D, eps: tf.Tensor2D) => gvaeTerms(net, x, eps, beta);
  const stackTerms = (t: { recon: tf.Scalar; kl: tf.Scalar; negElbo: tf.Scalar }) =>
    tf.stack([t.recon, t.kl, t.negElbo]) as tf.Tensor1D;

  return {
    kind: 'gvae',
    terms: GVAE_TERMS,
    objectiveKey: 'negElbo',
    codeSize: J,
    numParams: countParams(vars),

    trainStep(x, step) {
      const eps = drawEps(x.shape[0], deriveSeed(seed, 'eps', step));
      let termVector: tf.Tensor1D | null = null;
      clippedGradientStep(optimizer, vars, () => {
        const t = lossTerms(x, eps);
        termVector = tf.keep(stackTerms(t)); // outlives the gradient's forward tidy; caller owns it
        return t.negElbo;
      }, GRAD_CLIP);
      return termVector as unknown as tf.Tensor1D;
    },
    evaluate(x, evalSeed) {
      return stackTerms(lossTerms(x, drawEps(x.shape[0], evalSeed)));
    },
    reconstruct(x) {
      // The posterior mean z = mu is decoded (the paper does not say mean or sample).
      return tf.sigmoid(gvaeDecodeLogits(net, gvaeEncode(net, x).mu));
    },
    encode(x) {
      return gvaeEncode(net, x).mu;
    },
    complete(x, mask) {
      // Encode the masked image (unobserved pixels set to 0), decode, keep observed pixels.
      const xHat = tf.sigmoid(gvaeDecodeLogits(net, gvaeEncode(net, tf.mul(x, mask) as tf.Tensor2D).mu));
      return tf.add(tf.mul(x, mask), tf.mul(xHat, tf.sub(1, mask))) as tf.Tensor2D;
    },
    sample(n, sampleSeed) {
      return tf.sigmoid(gvaeDecodeLogits(net, drawEps(n, sampleSeed)));
    },
    setLive(key, value) {
      if (key === 'learningRate') (optimizer as unknown as { learningRate: number }).learningRate = value;
      else if (key === 'beta') beta = value;
      else return false;
      return true;
    },
    getWeights(): Promise<WeightMap> {
      return readWeights(named);
    },
    setWeights(weights) {
      writeWeights(named, weights);
    },
    dispose() {
      vars.forEach((v) => v.dispose());
      optimizer.dispose();
    },
  };
}


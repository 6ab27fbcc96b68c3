/**
 * RAE: a deterministic (regularized) autoencoder with a Bernoulli decoder, sampled through an
 * ex-post density fitted to its training codes.
 *
 * References:
 *  - Ororbia & Kifer, Nat. Commun. 13, 2064 (2022), Appendix "Baseline Model Descriptions":
 *    RAE, encoder z = phi(E^L ... phi(E^1 x)) with a linear top (the code), objective Eq. 20 (the
 *    Bernoulli log-likelihood) minus lambda * sum_{W in decoder} ||W||^2; no latent penalty;
 *    samples from a GMM (K = 75) fitted to the training codes. lambda is not reported.
 *  - Ghosh et al., "From variational to deterministic autoencoders", ICLR 2020:
 *    L_RAE = L_REC + beta * 1/2 ||z||^2 + lambda * L_REG, L_REG e.g. L2 on the decoder, and
 *    an ex-post GMM density for sampling.
 *
 *   z = f(x) = W_z relu(W_2 relu(W_1 x + b_1) + b_2) + b_z     (linear code, [J])
 *   recon = -log p(x | z) = BCE(x, sigmoid(l(z))), summed over pixels (nats per image)
 *   loss = recon + lambda * R, with R chosen by `regularizer`:
 *     'decoder-l2' (the paper, default): R = sum_{W in decoder} ||W||_F^2
 *     'all-l2'     (what study notes often say): R = sum_{W in encoder and decoder} ||W||_F^2
 *     'ghosh'      (Ghosh et al., one weight for both parts, i.e. their beta = lambda):
 *                  R = mean_batch 1/2 ||z||^2 + sum_{W in decoder} ||W||_F^2
 *   Weight matrices only, never biases. R is a plain number (squared norms), not nats.
 *
 * Default lambda = 1e-3: at initialization (He/LeCun) sum_dec ||W||^2 = 2H + 2H + 784 = 2832
 * for H = 512, so lambda R is ~3 nats per image against a BCE of 60-100 (trained) to 540
 * (untrained) nats: a visible prior that does not dominate the likelihood. Because the loss is
 * a per-image mean, lambda's effect does not depend on the batch size.
 */
import * as tf from '@tensorflow/tfjs-core';
import { dense, type DenseParams } from '@/core/nn/dense';
import { createRng, deriveSeed, normalArray } from '@/core/rng';
import { bernoulliNllFromLogits } from '@/core/models/objectives';
import { countParams } from '@/core/models/weights';
import {
  checkGradClip, checkRefillSteps, completeByRefill, createEncoderTrunk, createMlpDecoder, createOptimizer, createScopedDense,
  decodeLogits, encodeHidden, namedVariables, netLifecycle, netVariables, nextScope, setOptimizerLearningRate, stackTerms,
  GRAD_CLIP, trainStepOnTerms, type EncoderTrunk, type MlpDecoder, type OptimizerKind,
} from '@/core/models/mlp-autoencoder';
import { checkPenaltyWeight, decoderLayers, sumSquaredWeights } from '@/core/models/decoder-l2';
import { fitGmm, type CovarianceType, type Gmm } from '@/core/density/gmm';
import type { GenerativeModel, TermSpec } from '@/core/models/types';

export type RaeRegularizer = 'decoder-l2' | 'all-l2' | 'ghosh';

export interface RegularizedAeConfig {
  /** J, the size of the code. Default 20. */
  latentDim: number;
  /** Width of each hidden layer (encoder and decoder). Default 512. */
  hiddenWidth: number;
  /** Weight of R in the loss (see the header). Default 1e-3. */
  lambda: number;
  /** Default 'decoder-l2' (the paper). */
  regularizer: RaeRegularizer;
  /** Default 1e-3. */
  learningRate: number;
  /** Default 'adam'. */
  optimizer: OptimizerKind;
  /** Re-encoding passes in complete(). Default 0. */
  refillSteps: number;
  /** Seeds the initial weights and the code density's k-means++. Default 1. */
  seed: number;
  /** Global-norm gradient clip radius. Default GRAD_CLIP (5, the paper's); Infinity: no clipping. */
  gradClip: number;
}

export const RAE_DEFAULTS: RegularizedAeConfig = {
  latentDim: 20, hiddenWidth: 512, lambda: 1e-3, regularizer: 'decoder-l2', learningRate: 1e-3, optimizer: 'adam', refillSteps: 0, seed: 1, gradClip: GRAD_CLIP,
};

const REG_TEX: Record<RaeRegularizer, string> = {
  'decoder-l2': '\\sum_{W\\in\\mathrm{dec}}\\lVert W\\rVert_F^2',
  'all-l2': '\\sum_{W\\in\\mathrm{enc}\\cup\\mathrm{dec}}\\lVert W\\rVert_F^2',
  ghosh: '\\overline{\\tfrac12\\lVert z\\rVert^2} + \\sum_{W\\in\\mathrm{dec}}\\lVert W\\rVert_F^2',
};
const REG_TEXT: Record<RaeRegularizer, string> = {
  'decoder-l2': 'Sum of squared decoder weights (dec1, dec2, decOut; no biases)',
  'all-l2': 'Sum of squared weights of every layer, encoder and decoder (no biases)',
  ghosh: 'Batch mean of 1/2 ||z||^2 plus the sum of squared decoder weights (no biases)',
};

/** The RAE's terms for a regularizer: recon, reg (unweighted R), loss (the objective). */
export function raeTermSpecs(regularizer: RaeRegularizer): readonly TermSpec[] {
  return [
    {
      key: 'recon', label: 'reconstruction (BCE)', tex: '-\\log p(x\\mid z = f(x))', unit: 'nats',
      description: 'Bernoulli negative log-likelihood of the deterministic reconstruction, summed over the 784 pixels, mean over images.',
    },
    {
      key: 'reg', label: `regularizer R (${regularizer})`, tex: `R = ${REG_TEX[regularizer]}`, unit: 'squared norm',
      description: `${REG_TEXT[regularizer]}: a squared norm, not nats, unweighted; the loss adds lambda times it.`,
    },
    {
      key: 'loss', label: 'objective', tex: '\\text{recon} + \\lambda R', unit: 'nats',
      description: 'The minimized objective, recon + lambda R, per image: nats plus a penalty (not a bound on -log p(x)).',
    },
  ];
}

/** The RAE's layers: the shared trunk, a linear code head and the decoder. */
export type RaeNet = EncoderTrunk & MlpDecoder & { encZ: DenseParams };

/**
 * Creates the layers (trunk and decoder start as the GVAE's for the same seed).
 * @param scope prefix of the tfjs variable names, unique by default
 */
export function createRaeNet(latentDim: number, hiddenWidth: number, seed: number, scope = nextScope('rae')): RaeNet {
  const trunk = createEncoderTrunk(scope, hiddenWidth, seed);
  const encZ = createScopedDense(scope, 'encZ', hiddenWidth, latentDim, seed, 1);
  return { ...trunk, encZ, ...createMlpDecoder(scope, latentDim, hiddenWidth, seed) };
}

/** The code z = f(x) (linear top layer).  [B, 784] -> [B, J] */
export function raeEncode(net: RaeNet, x: tf.Tensor2D): tf.Tensor2D {
  return dense(encodeHidden(net, x), net.encZ);
}

/** R for a batch of codes z [B, J] (see the file header).  -> scalar */
export function raeRegularizer(net: RaeNet, z: tf.Tensor2D, regularizer: RaeRegularizer): tf.Scalar {
  const dec = decoderLayers(net);
  switch (regularizer) {
    case 'decoder-l2':
      // R = sum_{W in decoder} ||W||_F^2
      return sumSquaredWeights(dec);
    case 'all-l2':
      // R = sum_{W in encoder and decoder} ||W||_F^2
      return sumSquaredWeights([net.enc1, net.enc2, net.encZ, ...dec]);
    case 'ghosh':
      // R = mean_b 1/2 ||z_b||^2 + sum_{W in decoder} ||W||_F^2
      return tf.add(tf.mean(tf.mul(0.5, tf.sum(tf.square(z), 1))), sumSquaredWeights(dec)) as tf.Scalar;
    default:
      throw new Error(`unknown RAE regularizer "${String(regularizer)}"`);
  }
}

/**
 * The named terms on a batch, each a scalar (recon a mean over images). Deterministic; the
 * function training differentiates and the tests check by finite differences.
 */
export function raeTerms(net: RaeNet, x: tf.Tensor2D, lambda: number, regularizer: RaeRegularizer) {
  const z = raeEncode(net, x); // [B, J]
  const recon = tf.mean(bernoulliNllFromLogits(x, decodeLogits(net, z))) as tf.Scalar; // [B] -> scalar
  const reg = raeRegularizer(net, z, regularizer);
  // loss = recon + lambda * R
  const loss = tf.add(recon, tf.mul(lambda, reg)) as tf.Scalar;
  return { recon, reg, loss };
}

/** Which density sample() draws codes from. */
export interface CodeDensityInfo {
  /** 'standard-normal' until a density is fitted (or after setWeights), then 'gmm'. */
  kind: 'standard-normal' | 'gmm';
  /** Mixture components (0 for the standard normal). */
  components: number;
  /** True when the weights changed (training steps) since the density was fitted. */
  stale: boolean;
  /** One sentence for the UI. */
  description: string;
}

/** Options of fitCodeDensity (defaults sized to stay near 1 s for 5,000 20-d codes in a browser). */
export interface CodeDensityOptions {
  /** Components; default 10 (the paper's protocol uses 75, see src/core/density/gmm.ts). */
  k?: number;
  /** Default 'full'. */
  covariance?: CovarianceType;
  /** Default derived from the model's seed. */
  seed?: number;
  /** EM iterations at most; default 50 (~40 ms each at 5,000 x 20 x 10 full in Node). */
  maxIter?: number;
  tol?: number;
  regCovar?: number;
}

/** An RAE: a GenerativeModel plus its ex-post code density. */
export interface RegularizedAutoencoder extends GenerativeModel {
  readonly codeDensity: CodeDensityInfo;
  /**
   * Fits a GMM to codes (from encode() on training images) and samples from it from now on.
   * Synchronous: about 0.2-2 s for 5,000 codes (see CodeDensityOptions).
   * @param codes [n, codeSize]
   */
  fitCodeDensity(codes: Float32Array | Float64Array, n: number, options?: CodeDensityOptions): Gmm;
  /** Uses a mixture fitted elsewhere (e.g. the 75-component protocol in Node); null restores N(0, I). */
  setCodeDensity(gmm: Gmm | null): void;
  /** n codes from the current density. -> [n, codeSize] */
  sampleCodes(n: number, seed: number): tf.Tensor2D;
}

/**
 * Builds an RAE (missing config fields take RAE_DEFAULTS).
 * setLive: 'learningRate', 'lambda', 'refillSteps', 'gradClip'. The regularizer needs a rebuild.
 * The code density is not part of getWeights/setWeights; setWeights drops it (refit after a load).
 */
export function createRegularizedAe(config: Partial<RegularizedAeConfig> = {}): RegularizedAutoencoder {
  const c: RegularizedAeConfig = { ...RAE_DEFAULTS, ...config };
  const { latentDim: J, hiddenWidth: H, seed, regularizer } = c;
  let lambda = checkPenaltyWeight('lambda', c.lambda);
  let refillSteps = checkRefillSteps(c.refillSteps);
  let gradClip = checkGradClip(c.gradClip);
  const net = createRaeNet(J, H, seed);
  const named = namedVariables(net);
  const vars = netVariables(net);
  const optimizer = createOptimizer(c.optimizer, c.learningRate);
  const lifecycle = netLifecycle(named, vars, optimizer);
  const terms = raeTermSpecs(regularizer);
  const keys = terms.map((t) => t.key);
  let density: Gmm | null = null;
  let updates = 0; // training steps so far (to flag a stale density)
  let densityFittedAt = 0;

  const lossTerms = (x: tf.Tensor2D) => raeTerms(net, x, lambda, regularizer);
  const reconstruct = (x: tf.Tensor2D) => tf.sigmoid(decodeLogits(net, raeEncode(net, x)));
  const sampleCodes = (n: number, sampleSeed: number): tf.Tensor2D => {
    const rng = createRng(sampleSeed);
    // GMM draws, or z ~ N(0, I) when no density is fitted (the naive prior, see codeDensity)
    const z = density ? Float32Array.from(density.sample(n, rng)) : normalArray(rng, n * J);
    return tf.tensor2d(z, [n, J]);
  };

  return {
    kind: 'rae',
    terms,
    objectiveKey: 'loss',
    codeSize: J,
    numParams: countParams(vars),

    trainStep(x) {
      updates += 1;
      return trainStepOnTerms(optimizer, vars, () => lossTerms(x), keys, 'loss', gradClip);
    },
    evaluate(x) {
      return stackTerms(lossTerms(x), keys); // deterministic: no noise to seed
    },
    reconstruct,
    encode(x) {
      return raeEncode(net, x);
    },
    complete(x, mask) {
      return completeByRefill(x, mask, reconstruct, refillSteps);
    },
    sample(n, sampleSeed) {
      return tf.tidy(() => tf.sigmoid(decodeLogits(net, sampleCodes(n, sampleSeed))));
    },
    decode(z) {
      return tf.tidy(() => tf.sigmoid(decodeLogits(net, z)));
    },
    sampleCodes,
    get codeDensity(): CodeDensityInfo {
      if (!density) {
        return {
          kind: 'standard-normal', components: 0, stale: false,
          description: 'No code density fitted: codes are drawn from N(0, I), which the RAE was never trained to match, so many land in latent holes.',
        };
      }
      const stale = updates !== densityFittedAt;
      return {
        kind: 'gmm', components: density.k, stale,
        description: `Codes drawn from a ${density.k}-component ${density.covariance}-covariance GMM fitted to training codes${stale ? ' (fitted before the latest training steps: refit)' : ''}.`,
      };
    },
    fitCodeDensity(codes, n, options = {}) {
      const gmm = fitGmm(codes, n, J, {
        k: options.k ?? 10,
        covariance: options.covariance ?? 'full',
        seed: options.seed ?? deriveSeed(seed, 'rae/code-density'),
        maxIter: options.maxIter ?? 50,
        tol: options.tol,
        regCovar: options.regCovar,
      });
      density = gmm;
      densityFittedAt = updates;
      return gmm;
    },
    setCodeDensity(gmm) {
      if (gmm && gmm.d !== J) throw new Error(`code density has dimension ${gmm.d}, the code has ${J}`);
      density = gmm;
      densityFittedAt = updates;
    },
    setLive(key, value) {
      if (key === 'learningRate') setOptimizerLearningRate(optimizer, value);
      else if (key === 'lambda') lambda = checkPenaltyWeight('lambda', value);
      else if (key === 'refillSteps') refillSteps = checkRefillSteps(value);
      else if (key === 'gradClip') gradClip = checkGradClip(value);
      else return false;
      return true;
    },
    ...lifecycle,
    setWeights(weights, opts) {
      lifecycle.setWeights(weights);
      if (opts?.continuing) updates += 1; // later weights of this run: the density is now stale
      else density = null; // it described other weights' codes
    },
  };
}

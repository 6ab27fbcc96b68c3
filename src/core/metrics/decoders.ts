/**
 * The generative map p(x|z) from a top code, and the VAEs' posterior q(z|x), for the log p(x)
 * estimators. GenerativeModel does not expose them, so:
 *  1. if the model has an optional `decode(z)` / `posterior(x)` (a proposed interface addition,
 *     see the metrics report), it is used (type guards hasDecode / hasPosterior);
 *  2. otherwise they are rebuilt from a getWeights() snapshot with the models' own exported
 *     functions (decodeLogits, gvaeEncode, cvVaeEncode, projectFromTop), so the maths is the
 *     models' and nothing is re-derived here.
 * A snapshot describes the weights at the time of the call: rebuild after further training.
 *
 *   GVAE, GVAE-CV, RAE: decode(z) = sigmoid(decoder logits(z))        (mlp-autoencoder.ts)
 *   GNCN-PDH:           decode(z3) = projectFromTop(W, M; z3)           (gncn/settle.ts; [C] project(),
 *                       relu applied to z3, shared reference §1.8)
 *   GVAE posterior:     N(mu(x), diag exp(logVar(x))), logVar clipped as in training
 *   GVAE-CV posterior:  N(mu(x), sigma^2 I) with the model's fixed sigma^2 (not in its weights:
 *                       the caller passes it)
 */
import * as tf from '@tensorflow/tfjs-core';
import type { DenseParams } from '@/core/nn/dense';
import { decodeLogits, type MlpDecoder } from '@/core/models/mlp-autoencoder';
import { gvaeEncode, type GvaeNet } from '@/core/models/gaussian-vae';
import { cvVaeEncode, type CvVaeNet } from '@/core/models/constant-variance-vae';
import { projectFromTop } from '@/core/models/gncn/settle';
import type { GenerativeModel, ModelKind, WeightMap } from '@/core/models/types';
import type { GaussianPosterior } from '@/core/metrics/importance';

/** The proposed optional interface method: Bernoulli means of p(x|z), [N, codeSize] -> [N, 784]. */
export interface Decodable {
  decode(z: tf.Tensor2D): tf.Tensor2D;
}

/** The proposed optional interface method: q(z|x) = N(mu, diag exp(logVar)). */
export interface HasPosterior {
  posterior(x: tf.Tensor2D): { mu: tf.Tensor2D; logVar: tf.Tensor2D };
}

/** True when the model exposes decode(z). */
export function hasDecode(m: GenerativeModel): m is GenerativeModel & Decodable {
  return typeof (m as Partial<Decodable>).decode === 'function';
}

/** True when the model exposes posterior(x). */
export function hasPosterior(m: GenerativeModel): m is GenerativeModel & HasPosterior {
  return typeof (m as Partial<HasPosterior>).posterior === 'function';
}

/** A decoder usable by the estimators; dispose() frees a weights snapshot (no-op otherwise). */
export interface CodeDecoder {
  /** Bernoulli means, [N, codeSize] -> [N, 784] (new tensor). */
  decode(z: tf.Tensor2D): tf.Tensor2D;
  /** 'model.decode' or 'weights snapshot'. */
  source: string;
  dispose(): void;
}

/** A posterior usable by the importance sampler. */
export interface CodePosterior {
  posterior: GaussianPosterior;
  source: string;
  dispose(): void;
}

/** Tensors of a weight snapshot; `layer(name)` views "<name>/W" and "<name>/b" as a dense layer. */
function snapshot(weights: WeightMap) {
  const tensors: tf.Tensor[] = [];
  const get = (name: string): tf.Tensor => {
    const w = weights[name];
    if (!w) throw new Error(`decoders: the weights have no "${name}"`);
    const t = tf.tensor(w.values, w.shape);
    tensors.push(t);
    return t;
  };
  // dense() only reads W and b as tensors; the Variable type is for the models' own training
  const layer = (name: string) => ({ W: get(`${name}/W`), b: get(`${name}/b`) }) as unknown as DenseParams;
  return { get, layer, dispose: () => tensors.forEach((t) => t.dispose()) };
}

/** decode(z) for a model: model.decode if present, else rebuilt from a snapshot of its weights. */
export async function decoderFor(model: GenerativeModel): Promise<CodeDecoder> {
  if (hasDecode(model)) return { decode: (z) => model.decode(z), source: 'model.decode', dispose: () => {} };
  return decoderFromWeights(model.kind, await model.getWeights());
}

/** decode(z) rebuilt from saved weights (getWeights() or an exported file) of a model kind. */
export function decoderFromWeights(kind: ModelKind, weights: WeightMap): CodeDecoder {
  const s = snapshot(weights);
  try {
    if (kind === 'gncn-pdh') {
      const p = {
        W1: s.get('W1') as tf.Tensor2D, W2: s.get('W2') as tf.Tensor2D, W3: s.get('W3') as tf.Tensor2D,
        M2: s.get('M2') as tf.Tensor2D, M3: s.get('M3') as tf.Tensor2D,
      };
      // s0 = sigmoid(phi(s1) W1 + phi(s2) M2) from z3 (relu applied inside)   [N, n3] -> [N, 784]
      return { decode: (z) => projectFromTop(p, z), source: 'weights snapshot (projectFromTop)', dispose: s.dispose };
    }
    const net: MlpDecoder = { dec1: s.layer('dec1'), dec2: s.layer('dec2'), decOut: s.layer('decOut') };
    // m = sigmoid(l(z))   [N, J] -> [N, 784]
    return { decode: (z) => tf.tidy(() => tf.sigmoid(decodeLogits(net, z))), source: 'weights snapshot (decodeLogits)', dispose: s.dispose };
  } catch (e) {
    s.dispose();
    throw e;
  }
}

export interface PosteriorOptions {
  /** GVAE-CV's fixed posterior variance (required for 'gvae-cv' without model.posterior). */
  sigma2?: number;
}

/**
 * q(z|x) for the VAEs (model.posterior if present, else from a snapshot of the weights); null
 * for models without a Gaussian encoder (RAE, GNCN-PDH).
 * @throws Error for a GVAE-CV without model.posterior when opts.sigma2 is missing
 */
export async function posteriorFor(model: GenerativeModel, opts: PosteriorOptions = {}): Promise<CodePosterior | null> {
  if (hasPosterior(model)) return { posterior: (x) => model.posterior(x), source: 'model.posterior', dispose: () => {} };
  if (model.kind !== 'gvae' && model.kind !== 'gvae-cv') return null;
  return posteriorFromWeights(model.kind, await model.getWeights(), opts);
}

/** q(z|x) rebuilt from saved weights of a GVAE or GVAE-CV (the latter needs opts.sigma2). */
export function posteriorFromWeights(kind: 'gvae' | 'gvae-cv', weights: WeightMap, opts: PosteriorOptions = {}): CodePosterior {
  if (kind === 'gvae-cv' && !(opts.sigma2 !== undefined && opts.sigma2 > 0)) {
    throw new Error('decoders: GVAE-CV posterior needs sigma2 (the fixed variance is not in the weights)');
  }
  const s = snapshot(weights);
  try {
    const trunk = { enc1: s.layer('enc1'), enc2: s.layer('enc2'), encMu: s.layer('encMu') };
    if (kind === 'gvae') {
      const net = { ...trunk, encLogVar: s.layer('encLogVar') } as GvaeNet;
      // mu, logVar (clipped to LOG_VAR_RANGE as in training)        [B, 784] -> [B, J] x 2
      return { posterior: (x) => gvaeEncode(net, x), source: 'weights snapshot (gvaeEncode)', dispose: s.dispose };
    }
    const net = trunk as CvVaeNet;
    const logVar = Math.log(opts.sigma2 as number);
    return {
      posterior: (x) => {
        const mu = cvVaeEncode(net, x); // [B, J]
        return { mu, logVar: tf.fill(mu.shape, logVar) as tf.Tensor2D };
      },
      source: `weights snapshot (cvVaeEncode), sigma^2 = ${opts.sigma2}`,
      dispose: s.dispose,
    };
  } catch (e) {
    s.dispose();
    throw e;
  }
}

/**
 * Importance-sampled log p(x) for models with a Gaussian encoder (the VAEs), with the encoder
 * as proposal (Burda, Grosse & Salakhutdinov, "Importance Weighted Autoencoders", ICLR 2016):
 *   log p(x) ≈ log (1/K) sum_k w_k,  log w_k = log p(x|z_k) + log p(z_k) - log q(z_k|x),
 *   z_k = mu(x) + sigma(x) eps_k,  eps_k ~ N(0, I)
 * and beside it the ELBO estimate (1/K) sum_k log w_k (<= the log-mean-exp by Jensen).
 * NOT the paper's protocol (which is prior-mc.ts with a GMM prior for every model; shared
 * reference §5 item 7) but the standard VAE estimate, reported next to it.
 * Noise is drawn in JS from the seed per image index (independent of the chunking); log p(z) and
 * log q(z|x) are computed in float64 from the float32 codes the decoder sees.
 */
import * as tf from '@tensorflow/tfjs-core';
import { createRng, deriveSeed } from '@/core/rng';
import { forEachChunk, type ImageSource, type ProgressOptions } from '@/core/metrics/common';
import { LogMeanExpAccumulator } from '@/core/metrics/log-mean-exp';
import type { LogPxEstimates } from '@/core/metrics/prior-mc';
import type { ObservationModel } from '@/core/metrics/likelihoods';

/** q(z|x) = N(mu, diag exp(logVar)):  x [B, D] -> mu [B, J], logVar [B, J] (new tensors). */
export type GaussianPosterior = (x: tf.Tensor2D) => { mu: tf.Tensor2D; logVar: tf.Tensor2D };

const LOG_2PI = Math.log(2 * Math.PI);

/** log N(z; 0, I) of a code z (float64). */
export function logStandardNormal(z: ArrayLike<number>, offset: number, J: number): number {
  let s = 0;
  for (let j = 0; j < J; j++) s += z[offset + j] * z[offset + j];
  return -0.5 * (J * LOG_2PI + s);
}

export interface ImportanceOptions extends ProgressOptions {
  /** Samples per image. */
  K: number;
  seed: number;
  /** log p(z) of one code (default the standard normal, the VAEs' prior). */
  logPrior?: (z: Float64Array, offset: number, J: number) => number;
}

/** Importance-sampled estimates plus the per-image ELBO estimate. */
export interface ImportanceEstimates extends LogPxEstimates {
  /** (1/K) sum_k log w_k per image, [N]. */
  elbo: Float64Array;
}

/** Runs the estimator over every image of `source`. */
export async function logMarginalImportance(
  obs: ObservationModel, posterior: GaussianPosterior, source: ImageSource, opts: ImportanceOptions,
): Promise<ImportanceEstimates> {
  const { K, seed } = opts;
  if (!(Number.isInteger(K) && K >= 1)) throw new RangeError(`K must be an integer >= 1, got ${K}`);
  const logPrior = opts.logPrior ?? logStandardNormal;
  const acc = new LogMeanExpAccumulator(source.count);
  const elbo = new Float64Array(source.count);
  // about 2000 decodes per chunk
  const chunk = opts.chunk ?? Math.max(1, Math.floor(2000 / K));
  await forEachChunk(source.count, chunk, opts, async (start, end) => {
    const B = end - start;
    const x = tf.tensor2d(source.read(start, end), [B, source.dim]);
    try {
      const q = tf.tidy(() => {
        const { mu, logVar } = posterior(x);
        return tf.concat([mu, logVar], 1); // [B, 2J]
      });
      const J = q.shape[1] / 2;
      const qv = await q.data();
      q.dispose();
      // z_bk = mu_b + exp(logVar_b / 2) eps_bk  (float32 for the decoder, float64 for the densities)
      const z = new Float32Array(B * K * J);
      const logPminusQ = new Float64Array(B * K);
      const z64 = new Float64Array(J);
      for (let b = 0; b < B; b++) {
        const rng = createRng(deriveSeed(seed, 'importance', start + b));
        for (let k = 0; k < K; k++) {
          const o = (b * K + k) * J;
          let logQ = -0.5 * J * LOG_2PI;
          for (let j = 0; j < J; j++) {
            const mu = qv[b * 2 * J + j];
            const lv = qv[b * 2 * J + J + j];
            const zj = Math.fround(mu + Math.exp(0.5 * lv) * rng.normal());
            z[o + j] = zj;
            z64[j] = zj;
            // log q = sum_j -1/2 log 2pi - 1/2 logVar_j - (z_j - mu_j)^2 / (2 exp(logVar_j))
            logQ += -0.5 * lv - (0.5 * (zj - mu) * (zj - mu)) / Math.exp(lv);
          }
          logPminusQ[b * K + k] = logPrior(z64, 0, J) - logQ;
        }
      }
      const ll = tf.tidy(() => {
        const rows = Int32Array.from({ length: B * K }, (_, r) => Math.floor(r / K));
        const xRep = tf.gather(x, rows) as tf.Tensor2D; // [B, D] -> [B K, D]
        return obs.logLikPaired(xRep, obs.decode(tf.tensor2d(z, [B * K, J]))); // [B K]
      });
      const llv = await ll.data();
      ll.dispose();
      // log w = log p(x|z) + log p(z) - log q(z|x)
      const logW = new Float64Array(B * K);
      for (let r = 0; r < B * K; r++) logW[r] = llv[r] + logPminusQ[r];
      acc.add(start, logW, B, K);
      for (let b = 0; b < B; b++) {
        let s = 0;
        for (let k = 0; k < K; k++) s += logW[b * K + k];
        elbo[start + b] = s / K;
      }
    } finally {
      x.dispose();
    }
  });
  return { logPx: acc.logMeanExp(), se: acc.standardError(), ess: acc.effectiveSampleSize(), samples: K, elbo };
}

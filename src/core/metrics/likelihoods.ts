/**
 * Observation models p(x|z) for the log p(x) estimators, so the same estimator code serves the
 * models' Bernoulli decoders and, in the tests, a linear-Gaussian model whose marginal is known
 * in closed form. Shared reference §3 "log p(x)" ([W] eval_logpx.py: Bernoulli likelihood of
 * the decoded mean, clipped to [1e-6, 1 - 1e-6]).
 *
 * Two steps, so that S shared samples are decoded ONCE and scored against every image:
 *   params = decode(z)              z [S, J] -> decoded parameters (tensors, [S, D] each)
 *   prepared = prepareAll(params)   rearranged once for scoring (e.g. transposed to [D, S])
 *   logLikAll(x, prepared)          log p(x_i | z_s) for every pair, [N, S]
 *   logLikPaired(x, params)         log p(x_i | z_i), [N]   (importance sampling)
 */
import * as tf from '@tensorflow/tfjs-core';

/** An observation model over codes. All methods create new tensors (call inside tf.tidy). */
export interface ObservationModel {
  readonly name: string;
  /** Decoded parameters of p(x|z) for codes z [S, J] (each [S, D]). */
  decode(z: tf.Tensor2D): tf.Tensor2D[];
  /** decode()'s output rearranged for logLikAll (done once per set of shared samples). */
  prepareAll(params: tf.Tensor2D[]): tf.Tensor2D[];
  /** log p(x_i | z_s): x [N, D] -> [N, S] */
  logLikAll(x: tf.Tensor2D, prepared: tf.Tensor2D[]): tf.Tensor2D;
  /** log p(x_i | z_i): x [N, D], params for N codes -> [N] */
  logLikPaired(x: tf.Tensor2D, params: tf.Tensor2D[]): tf.Tensor1D;
}

/** The reference's clip of the decoded means in eval_logpx.py. */
export const LOGPX_CLIP = 1e-6;

/**
 * Bernoulli p(x|z) = prod_d m_d^x_d (1 - m_d)^(1 - x_d), m = clip(decodeMeans(z), eps, 1 - eps).
 * @param decodeMeans Bernoulli means, [S, J] -> [S, D]
 */
export function bernoulliObservation(decodeMeans: (z: tf.Tensor2D) => tf.Tensor2D, clip = LOGPX_CLIP): ObservationModel {
  return {
    name: `Bernoulli, decoded means clipped to [${clip}, 1-${clip}]`,
    decode(z) {
      return tf.tidy(() => {
        const m = tf.clipByValue(decodeMeans(z), clip, 1 - clip); // [S, D]
        return [tf.log(m), tf.log(tf.sub(1, m))] as tf.Tensor2D[];
      });
    },
    prepareAll([logM, log1mM]) {
      // log p(x|z_s) = sum_d x_d (log m_sd - log(1 - m_sd)) + sum_d log(1 - m_sd):
      // one [N, D] x [D, S] product (pre-transposed: tfjs-wasm's transposed matMul is ~3x slower)
      return tf.tidy(() => [
        tf.transpose(tf.sub(logM, log1mM)) as tf.Tensor2D, // [D, S]
        tf.reshape(tf.sum(log1mM, 1), [1, -1]) as tf.Tensor2D, // [1, S]
      ]);
    },
    logLikAll(x, [logOddsT, bias]) {
      // log p(x_i|z_s) = (x logOdds^T)_is + bias_s               [N, D] x [D, S] -> [N, S]
      return tf.tidy(() => tf.add(tf.matMul(x, logOddsT), bias) as tf.Tensor2D);
    },
    logLikPaired(x, [logM, log1mM]) {
      // sum_d x_d log m_d + (1 - x_d) log(1 - m_d)                       [N, D] -> [N]
      return tf.tidy(() => tf.sum(tf.add(tf.mul(x, logM), tf.mul(tf.sub(1, x), log1mM)), 1) as tf.Tensor1D);
    },
  };
}

/**
 * Isotropic Gaussian p(x|z) = N(x; mean(z), s^2 I) (the tests' linear-Gaussian model).
 * @param mean decoder mean, [S, J] -> [S, D]
 * @param s observation standard deviation
 */
export function gaussianObservation(mean: (z: tf.Tensor2D) => tf.Tensor2D, s: number): ObservationModel {
  const D2 = (D: number) => -0.5 * D * Math.log(2 * Math.PI * s * s);
  return {
    name: `Gaussian, N(mean(z), ${s}^2 I)`,
    decode(z) {
      return [mean(z)];
    },
    prepareAll([mu]) {
      return tf.tidy(() => [tf.transpose(mu) as tf.Tensor2D, tf.reshape(tf.sum(tf.square(mu), 1), [1, -1]) as tf.Tensor2D]);
    },
    logLikAll(x, [muT, mm]) {
      return tf.tidy(() => {
        // ||x_i - mu_s||^2 = |x_i|^2 - 2 x_i . mu_s + |mu_s|^2          [N, S]
        const xx = tf.sum(tf.square(x), 1, true); // [N, 1]
        const sq = tf.add(tf.sub(xx, tf.mul(2, tf.matMul(x, muT))), mm); // mm: [1, S]
        // log N = -D/2 log(2 pi s^2) - ||x - mu||^2 / (2 s^2)
        return tf.add(D2(x.shape[1]), tf.mul(-0.5 / (s * s), sq)) as tf.Tensor2D;
      });
    },
    logLikPaired(x, [mu]) {
      return tf.tidy(() => tf.add(D2(x.shape[1]), tf.mul(-0.5 / (s * s), tf.sum(tf.square(tf.sub(x, mu)), 1))) as tf.Tensor1D);
    },
  };
}

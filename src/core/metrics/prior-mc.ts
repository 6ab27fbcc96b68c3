/**
 * The paper's log p(x) estimator, generic over the observation model: plain Monte Carlo with
 * codes drawn from a prior over the top layer (the paper: a GMM fitted to training codes):
 *   log p(x) ≈ log (1/S) sum_s p(x | z_s) = logsumexp_s log p(x|z_s) - log S,   z_s ~ prior
 * (Ororbia & Kifer 2022, Appendix "The Density Modeling Task"; shared reference §3 "log p(x)".)
 * NOT the +log S of ngc-learn's eval_logpx.py (a sign error, +2 log S = +17.03 nats at S = 5000;
 * see codeCompatibleLogPx).
 *
 * One set of S draws is decoded once and shared by every image (the reference draws fresh
 * samples for every batch of 5 images): each image's estimate has the same distribution either
 * way; sharing only correlates the errors across images. log-sum-exp in float64 (LogMeanExpAccumulator).
 */
import * as tf from '@tensorflow/tfjs-core';
import { forEachChunk, meanAndSd, type ImageSource, type ProgressOptions } from '@/core/metrics/common';
import { LogMeanExpAccumulator } from '@/core/metrics/log-mean-exp';
import type { ObservationModel } from '@/core/metrics/likelihoods';

/** Per-image results of a Monte Carlo log p(x) estimator. */
export interface LogPxEstimates {
  /** log p̂(x_i), nats, [N]. */
  logPx: Float64Array;
  /** Delta-method Monte Carlo standard error of each log p̂(x_i), [N]. */
  se: Float64Array;
  /** Effective sample size of each image's weights, [N]. */
  ess: Float64Array;
  /** Samples per image. */
  samples: number;
}

export interface PriorMcOptions extends ProgressOptions {
  /** Codes decoded per decode call (default 1000). */
  sampleChunk?: number;
}

/**
 * log p̂(x_i) = logsumexp_s log p(x_i|z_s) - log S for every image of `source`.
 * @param codes the prior draws z_s, row-major [S, J]
 */
export async function logMarginalPriorMc(
  obs: ObservationModel, codes: Float32Array, S: number, J: number, source: ImageSource, opts: PriorMcOptions = {},
): Promise<LogPxEstimates> {
  if (codes.length < S * J) throw new Error(`prior-mc: ${codes.length} code values, [${S}, ${J}] needs ${S * J}`);
  const sampleChunk = opts.sampleChunk ?? 1000;
  const decoded: { params: tf.Tensor2D[]; count: number }[] = [];
  try {
    // decode the S shared draws once, in chunks:   [s, J] -> params (e.g. [D, s]) ready for logLikAll
    for (let s0 = 0; s0 < S; s0 += sampleChunk) {
      const count = Math.min(sampleChunk, S - s0);
      const params = tf.tidy(() => obs.prepareAll(obs.decode(tf.tensor2d(codes.subarray(s0 * J, (s0 + count) * J), [count, J]))));
      decoded.push({ params, count });
    }
    const acc = new LogMeanExpAccumulator(source.count);
    await forEachChunk(source.count, opts.chunk ?? 100, opts, async (start, end) => {
      const x = tf.tensor2d(source.read(start, end), [end - start, source.dim]);
      try {
        for (const { params, count } of decoded) {
          const ll = tf.tidy(() => obs.logLikAll(x, params)); // [n, s]
          const values = await ll.data();
          ll.dispose();
          acc.add(start, values, end - start, count);
        }
      } finally {
        x.dispose();
      }
    });
    return { logPx: acc.logMeanExp(), se: acc.standardError(), ess: acc.effectiveSampleSize(), samples: S };
  } finally {
    decoded.forEach((d) => d.params.forEach((t) => t.dispose()));
  }
}

/** Averages of per-image estimates, for the report. */
export interface LogPxSummary {
  /** Mean over images of log p̂(x_i), nats per image. */
  mean: number;
  sdOverImages: number;
  /** sd / sqrt(N): sampling error of the mean over the test images. */
  seOverImages: number;
  /** Mean over images of the per-image Monte Carlo standard error (an upper bound on the MC error of `mean`). */
  mcSe: number;
  /** Mean over images of the effective sample size. */
  meanEss: number;
  images: number;
  samples: number;
}

export function summarizeLogPx(e: LogPxEstimates): LogPxSummary {
  const { mean, sd } = meanAndSd(e.logPx);
  const n = e.logPx.length;
  return {
    mean,
    sdOverImages: sd,
    seOverImages: sd / Math.sqrt(n),
    mcSe: e.se.reduce((a, b) => a + b, 0) / n,
    meanEss: e.ess.reduce((a, b) => a + b, 0) / n,
    images: n,
    samples: e.samples,
  };
}

/**
 * The value ngc-learn's eval_logpx.py prints for the same draws: it adds log S instead of
 * subtracting it, so it reports log p̂ + 2 log S (shared reference §3). Labelled as such.
 */
export function codeCompatibleLogPx(logPx: number, S: number): number {
  return logPx + 2 * Math.log(S);
}

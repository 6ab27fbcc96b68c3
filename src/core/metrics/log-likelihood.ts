/**
 * log p(x) of a trained model by the paper's protocol (Ororbia & Kifer 2022, Appendix "Training
 * Setup" and "The Density Modeling Task"; shared reference §3 "log p(x)", §1.8, §5 item 7, §7):
 *  1. fit a K = 75 component full-covariance GMM by EM to the model's top codes of training
 *     images ([W] fit_gmm.py: a class-balanced 18,000; GNCN-PDH's code is relu(z3));
 *  2. draw S = 5000 codes from the GMM and decode them ancestrally to Bernoulli means,
 *     clipped to [1e-6, 1 - 1e-6] ([W] eval_logpx.py);
 *  3. log p(x) ≈ logsumexp_s log p(x|z_s) - log S        (prior-mc.ts; the correct sign)
 * The value + 2 log S that the reference script would print is reported beside it, labelled.
 * The reference's GMM sampling quirk (components drawn ∝ exp(pi_k)) is not reproduced: draws
 * use the mixing probabilities (Gmm.sample).
 * Also the importance-sampled estimate for the VAEs (importance.ts), with the ELBO.
 */
import type { MnistSplit } from '@/core/data/mnist';
import { fitGmm, type CovarianceType, type Gmm, type GmmFitOptions } from '@/core/density/gmm';
import { createRng, deriveSeed } from '@/core/rng';
import type { GenerativeModel } from '@/core/models/types';
import { splitSource, subProgress, type ImageSource, type ProgressOptions } from '@/core/metrics/common';
import { bernoulliObservation, LOGPX_CLIP, type ObservationModel } from '@/core/metrics/likelihoods';
import { codeCompatibleLogPx, logMarginalPriorMc, summarizeLogPx, type LogPxEstimates, type LogPxSummary } from '@/core/metrics/prior-mc';
import { logMarginalImportance, type GaussianPosterior } from '@/core/metrics/importance';
import { decoderFor, posteriorFor, type PosteriorOptions } from '@/core/metrics/decoders';

export interface GmmPriorOptions extends ProgressOptions {
  /** Components (default 75, the paper); lowered to the number of codes if needed. */
  k?: number;
  /** Default 'full' ([C]). */
  covariance?: CovarianceType;
  /** S, GMM draws (default 5000, the paper). */
  samples?: number;
  /** Seeds the k-means++ init and the draws. Default 1. */
  seed?: number;
  /** EM iterations at most (default 100, sklearn's). */
  maxIter?: number;
  /** Added to covariance diagonals (default 1e-6, sklearn's). */
  regCovar?: number;
  /**
   * Runs EM (default: fitGmm here, synchronously). A page passes one that fits in a Web Worker,
   * so that the seconds of EM do not freeze it; it must honour the signal.
   */
  fit?: GmmFitter;
}

/** Fits a GMM to rows of `data` ([n, d]); same contract as fitGmm, but may run elsewhere. */
export type GmmFitter = (
  data: Float64Array, n: number, d: number, opts: GmmFitOptions, signal?: AbortSignal,
) => Promise<Gmm>;

/** The default fitter: fitGmm on this thread. */
export const fitGmmHere: GmmFitter = async (data, n, d, opts) => fitGmm(data, n, d, opts);

/** The fitted GMM, summarized for the report. */
export interface GmmInfo {
  k: number;
  covariance: CovarianceType;
  /** Code dimension, and how many dimensions vary over the codes (EM runs on those). */
  d: number;
  activeDims: number;
  codes: number;
  iterations: number;
  converged: boolean;
  /** Mean log-density of the training codes under the (full-dimensional) GMM, nats per code. */
  meanLogLik: number;
  seconds: number;
}

/**
 * Steps 1-3 above for any observation model (the tests plug in a Gaussian one).
 * @param codes training codes, row-major [n, d]
 */
export async function gmmPriorLogPx(
  obs: ObservationModel, codes: Float32Array, n: number, d: number, source: ImageSource, opts: GmmPriorOptions = {},
): Promise<{ estimates: LogPxEstimates; gmm: Gmm; info: GmmInfo }> {
  const k = Math.min(opts.k ?? 75, n);
  const covariance = opts.covariance ?? 'full';
  const S = opts.samples ?? 5000;
  const seed = opts.seed ?? 1;
  const maxIter = opts.maxIter ?? 100;
  const regCovar = opts.regCovar ?? 1e-6;
  const fitProgress = subProgress(opts.onProgress, 0, 0.5);
  opts.signal?.throwIfAborted();
  // Constant dimensions (e.g. relu units that are 0 for every code) are left out of EM. This is
  // exact: in the full fit such a dimension has mean c and variance regCovar in every component
  // and no covariance with the others, so it adds the same constant to every component's
  // log-density (responsibilities, means and covariances of the rest are unchanged); its draws
  // are c + sqrt(regCovar) eps, which is what the full mixture would sample.
  const { active, constant } = splitConstantDims(codes, n, d);
  if (active.length === 0) throw new Error('log p(x): every code dimension is constant over the training codes');
  const dA = active.length;
  // 1. EM (float64; progress per iteration)                       [n, d] -> [n, dA]
  const gmm = await (opts.fit ?? fitGmmHere)(selectColumns(codes, n, d, active), n, dA, {
    k, covariance, seed: deriveSeed(seed, 'logpx/gmm'), maxIter, regCovar,
    onIteration: (it) => fitProgress?.(it / maxIter),
  }, opts.signal);
  opts.signal?.throwIfAborted();
  const fit = gmm.fitInfo;
  // 2. z_s ~ GMM, s = 1..S                                         [S, dA] -> [S, d]
  const rng = createRng(deriveSeed(seed, 'logpx/draws'));
  const drawn = gmm.sample(S, rng);
  const z = new Float32Array(S * d);
  for (let i = 0; i < S; i++) {
    active.forEach((a, j) => (z[i * d + a] = drawn[i * dA + j]));
    for (const [a, c] of constant) z[i * d + a] = c + Math.sqrt(regCovar) * rng.normal();
  }
  // 3. log p̂(x) = logsumexp_s log p(x|z_s) - log S
  const estimates = await logMarginalPriorMc(obs, z, S, d, source, {
    chunk: opts.chunk, signal: opts.signal, onProgress: subProgress(opts.onProgress, 0.5, 1),
  });
  // the full-dimensional mixture's mean log-density adds N(c; c, regCovar) per constant dimension
  const constantTerm = -0.5 * constant.length * Math.log(2 * Math.PI * regCovar);
  const info: GmmInfo = {
    k, covariance, d, activeDims: dA, codes: n, iterations: fit?.iterations ?? 0, converged: fit?.converged ?? false,
    meanLogLik: (fit?.meanLogLik ?? NaN) + constantTerm, seconds: fit?.seconds ?? 0,
  };
  return { estimates, gmm, info };
}

/** Dimensions of codes [n, d] that vary (active) and those equal to one value c in every code. */
export function splitConstantDims(codes: ArrayLike<number>, n: number, d: number): { active: number[]; constant: [number, number][] } {
  const active: number[] = [];
  const constant: [number, number][] = [];
  for (let a = 0; a < d; a++) {
    const c = codes[a];
    let varies = false;
    for (let i = 1; i < n && !varies; i++) varies = codes[i * d + a] !== c;
    if (varies) active.push(a);
    else constant.push([a, c]);
  }
  return { active, constant };
}

/** Columns `cols` of a row-major [n, d] array, as float64 [n, cols.length]. */
function selectColumns(codes: ArrayLike<number>, n: number, d: number, cols: number[]): Float64Array {
  const out = new Float64Array(n * cols.length);
  for (let i = 0; i < n; i++) cols.forEach((a, j) => (out[i * cols.length + j] = codes[i * d + a]));
  return out;
}

/** The paper's log p(x) of a model. */
export interface GmmLogPxResult {
  /** Correct estimator: mean over test images of logsumexp_s log p(x|z_s) - log S (nats). */
  logPx: LogPxSummary;
  /** logPx.mean + 2 log S: what ngc-learn's eval_logpx.py would print (its +log S sign error). */
  codeCompatible: number;
  gmm: GmmInfo;
  decoder: string;
  estimator: string;
}

/**
 * The paper's log p(x) for a model: GMM on its training codes, S draws decoded by the model.
 * @param codes training codes (e.g. the class-balanced subset), row-major [n, model.codeSize]
 */
export async function evaluateGmmLogPx(
  model: GenerativeModel, codes: Float32Array, n: number, test: MnistSplit, testIndices: ArrayLike<number>,
  opts: GmmPriorOptions = {},
): Promise<GmmLogPxResult> {
  const decoder = await decoderFor(model);
  try {
    const obs = bernoulliObservation((z) => decoder.decode(z), LOGPX_CLIP);
    const { estimates, info } = await gmmPriorLogPx(obs, codes, n, model.codeSize, splitSource(test, testIndices), opts);
    const logPx = summarizeLogPx(estimates);
    return {
      logPx,
      codeCompatible: codeCompatibleLogPx(logPx.mean, estimates.samples),
      gmm: info,
      decoder: decoder.source,
      estimator: `plain MC: ${info.k}-component ${info.covariance} GMM (EM) on ${n} training codes, S = ${estimates.samples} shared draws, `
        + `log p(x) = logsumexp_s log p(x|z_s) - log S; ${obs.name}`,
    };
  } finally {
    decoder.dispose();
  }
}

/** The VAEs' importance-sampled log p(x) and ELBO. */
export interface ImportanceResult {
  logPx: LogPxSummary;
  /** Mean over images of (1/K) sum_k log w_k (nats). */
  elbo: number;
  K: number;
  posterior: string;
  estimator: string;
}

export interface ImportanceEvalOptions extends ProgressOptions, PosteriorOptions {
  /** Samples per image (default 100). */
  K?: number;
  seed?: number;
}

/**
 * Importance-sampled log p(x) with the encoder as proposal, for models with a Gaussian posterior.
 * @returns null for models without one (RAE, GNCN-PDH)
 */
export async function evaluateImportanceLogPx(
  model: GenerativeModel, test: MnistSplit, testIndices: ArrayLike<number>, opts: ImportanceEvalOptions = {},
): Promise<ImportanceResult | null> {
  const post = await posteriorFor(model, opts);
  if (!post) return null;
  const decoder = await decoderFor(model);
  try {
    const K = opts.K ?? 100;
    const obs = bernoulliObservation((z) => decoder.decode(z), LOGPX_CLIP);
    const posterior: GaussianPosterior = post.posterior;
    const e = await logMarginalImportance(obs, posterior, splitSource(test, testIndices), {
      K, seed: deriveSeed(opts.seed ?? 1, 'logpx/importance'), chunk: opts.chunk, signal: opts.signal, onProgress: opts.onProgress,
    });
    return {
      logPx: summarizeLogPx(e),
      elbo: e.elbo.reduce((a, b) => a + b, 0) / e.elbo.length,
      K,
      posterior: post.source,
      estimator: `importance sampling, proposal q(z|x) (encoder), prior N(0, I), K = ${K}: logmeanexp_k [log p(x|z_k) + log p(z_k) - log q(z_k|x)]; ${obs.name}`,
    };
  } finally {
    decoder.dispose();
    post.dispose();
  }
}

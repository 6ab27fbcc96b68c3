/**
 * Every metric of the paper's Tables 1 and 2 for one trained model, through the
 * GenerativeModel interface only (plus the optional decode/posterior, see decoders.ts):
 * BCE (bce.ts), M-MSE (mmse.ts), Err (classifier.ts on encode() codes), log p(x) by the GMM
 * protocol (log-likelihood.ts) and, for the VAEs, the importance-sampled log p(x) and ELBO.
 * Spec: shared reference §3 (protocols), §1.8 (codes, completion), §4 (tables).
 */
import type { MnistSplit } from '@/core/data/mnist';
import type { CovarianceType } from '@/core/density/gmm';
import type { GenerativeModel } from '@/core/models/types';
import { subProgress } from '@/core/metrics/common';
import { evaluateBce, type BceResult } from '@/core/metrics/bce';
import { completionMethod, evaluateMmse, type MmseResult } from '@/core/metrics/mmse';
import { PAPER_MASK, type MaskSpec } from '@/core/metrics/masks';
import { classBalancedPositions, encodeImages, selectRows } from '@/core/metrics/codes';
import { evaluateClassifier, type ClassifierResult } from '@/core/metrics/classifier';
import {
  evaluateGmmLogPx, evaluateImportanceLogPx, type GmmFitter, type GmmLogPxResult, type ImportanceResult,
} from '@/core/metrics/log-likelihood';

/** Stages, in order, with their share of the progress bar (rough relative cost). */
export const STAGES = [
  ['BCE', 1], ['M-MSE', 1], ['train codes', 3], ['test codes', 1], ['Err', 1], ['log p(x) (GMM)', 3], ['log p(x) (IS)', 1],
] as const;
export type Stage = (typeof STAGES)[number][0];

export interface EvaluateAllOptions {
  train: MnistSplit;
  test: MnistSplit;
  /** Training images whose codes fit the classifier (and, balanced, the GMM). */
  trainIndices: ArrayLike<number>;
  testIndices: ArrayLike<number>;
  seed: number;
  /** Completion mask (default the paper's right half). */
  mask?: MaskSpec;
  /** How the model completes, for the report (default completionMethod(kind)). */
  completion?: string;
  /** BCE clip of x̂ (default 1e-7, the reference's). */
  bceClip?: number;
  /** Classifier: L2 lambda and iterations (see classifier.ts). */
  classifier?: { l2?: number; maxIter?: number };
  /** GMM protocol: components (75), covariance ('full'), codes (18000, class-balanced), EM iterations (100). */
  gmm?: { k?: number; covariance?: CovarianceType; codes?: number; maxIter?: number; regCovar?: number; fit?: GmmFitter };
  /** S, GMM draws for log p(x) (default 5000). */
  samples?: number;
  /** Importance sampling for the VAEs: K per image and how many test images (default 100, 1000); null skips it. */
  importance?: { K: number; images: number } | null;
  /** GVAE-CV's fixed sigma^2, needed for its posterior when the model lacks posterior(). */
  sigma2?: number;
  /** Images per chunk (default 100). */
  chunk?: number;
  signal?: AbortSignal;
  /** Stage name and the fraction done within it. */
  onProgress?: (stage: Stage, fraction: number) => void;
}

/** Everything evaluateAll measured for one model. */
export interface ModelEvaluation {
  kind: GenerativeModel['kind'];
  codeSize: number;
  bce: BceResult;
  mmse: MmseResult;
  err: ClassifierResult;
  logPx: GmmLogPxResult;
  /** VAEs only (null for RAE, GNCN-PDH, or when skipped). */
  importance: ImportanceResult | null;
  /** Wall seconds per stage. */
  seconds: Partial<Record<Stage, number>>;
}

/** Runs every metric on a trained model (in STAGES order). */
export async function evaluateAll(model: GenerativeModel, o: EvaluateAllOptions): Promise<ModelEvaluation> {
  const seconds: Partial<Record<Stage, number>> = {};
  const base = { chunk: o.chunk, signal: o.signal };
  const stage = async <T>(name: Stage, run: (onProgress?: (f: number) => void) => Promise<T>): Promise<T> => {
    const t0 = performance.now();
    const onProgress = o.onProgress ? (f: number) => o.onProgress?.(name, f) : undefined;
    onProgress?.(0);
    const out = await run(onProgress);
    onProgress?.(1);
    seconds[name] = (performance.now() - t0) / 1000;
    return out;
  };

  const bce = await stage('BCE', (onProgress) => evaluateBce(model, o.test, o.testIndices, { ...base, clip: o.bceClip, onProgress }));
  const mmse = await stage('M-MSE', (onProgress) => evaluateMmse(model, o.test, o.testIndices, {
    ...base, mask: o.mask ?? PAPER_MASK, method: o.completion ?? completionMethod(model.kind), onProgress,
  }));
  const trainCodes = await stage('train codes', (onProgress) => encodeImages(model, o.train, o.trainIndices, { ...base, onProgress }));
  const testCodes = await stage('test codes', (onProgress) => encodeImages(model, o.test, o.testIndices, { ...base, onProgress }));
  const J = model.codeSize;
  const trainLabels = Uint8Array.from({ length: o.trainIndices.length }, (_, i) => o.train.labels[o.trainIndices[i]]);
  const testLabels = Uint8Array.from({ length: o.testIndices.length }, (_, i) => o.test.labels[o.testIndices[i]]);
  const err = await stage('Err', (onProgress) => evaluateClassifier(trainCodes, trainLabels, testCodes, testLabels, J, {
    ...o.classifier, signal: o.signal, onProgress,
  }));

  // GMM on a class-balanced subset of the training codes ([W] fit_gmm.py: 18,000 = 1,800 per class)
  const positions = classBalancedPositions(trainLabels, o.gmm?.codes ?? 18000, o.seed);
  const gmmCodes = selectRows(trainCodes, J, positions);
  const logPx = await stage('log p(x) (GMM)', (onProgress) => evaluateGmmLogPx(model, gmmCodes, positions.length, o.test, o.testIndices, {
    ...base, k: o.gmm?.k, covariance: o.gmm?.covariance, maxIter: o.gmm?.maxIter, regCovar: o.gmm?.regCovar, fit: o.gmm?.fit,
    samples: o.samples, seed: o.seed, onProgress,
  }));

  let importance: ImportanceResult | null = null;
  const isOpts = o.importance === undefined ? { K: 100, images: 1000 } : o.importance;
  if (isOpts && (model.kind === 'gvae' || model.kind === 'gvae-cv')) {
    const images = Array.from({ length: Math.min(isOpts.images, o.testIndices.length) }, (_, i) => o.testIndices[i]);
    importance = await stage('log p(x) (IS)', (onProgress) => evaluateImportanceLogPx(model, o.test, images, {
      signal: o.signal, K: isOpts.K, seed: o.seed, sigma2: o.sigma2, onProgress: subProgress(onProgress, 0, 1),
    }));
  }
  return { kind: model.kind, codeSize: J, bce, mmse, err, logPx, importance, seconds };
}

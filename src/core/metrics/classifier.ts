/**
 * Err: the paper's classification metric (Ororbia & Kifer 2022, §2.2 and Appendix; shared
 * reference §3 "Err" and §5 item 6): a "simple log-linear classifier, i.e., maximum entropy"
 * (multinomial logistic regression) fit to each model's topmost latent codes with the labels;
 * Err = test error in %.
 *
 * The paper states neither the regularization nor the solver. Here (documented choices):
 *  - features: z-scored with the training codes' mean and standard deviation (a constant
 *    feature, e.g. a dead relu unit, gets sd 1 and stays 0);
 *  - objective: f(W, b) = (1/n) sum_i [logsumexp_c(z_ic) - z_i,y_i] + (lambda/2) ||W||_F^2,
 *    z_i = x_i W + b, lambda = 1e-4 by default (no penalty on the biases);
 *  - solver: full-batch L-BFGS (memory 10, Armijo backtracking) from W = 0, b = 0, at most 300
 *    iterations; deterministic, float64. The objective is strictly convex, so the optimum is unique.
 */
import { minimizeLbfgs } from '@/core/metrics/lbfgs';

/** A fitted classifier: standardization and the linear map, float64. */
export interface SoftmaxClassifier {
  d: number;
  classes: number;
  /** Feature means and standard deviations from the training data, [d]. */
  mean: Float64Array;
  sd: Float64Array;
  /** Weights [d, classes] (row-major) and biases [classes], on standardized features. */
  W: Float64Array;
  b: Float64Array;
}

export interface SoftmaxOptions {
  /** lambda of (lambda/2) ||W||^2; default 1e-4. */
  l2?: number;
  /** Default 300. */
  maxIter?: number;
  /** Default 10 (digits). */
  classes?: number;
  signal?: AbortSignal;
  onProgress?: (fraction: number) => void;
}

/** What the fit did, for the report. */
export interface SoftmaxFitInfo {
  l2: number;
  iterations: number;
  evaluations: number;
  stopReason: string;
  /** Final objective (mean cross-entropy + penalty), nats per example. */
  objective: number;
  solver: string;
}

/** Column means and standard deviations (n denominator) of X [n, d]; sd 0 becomes 1. */
export function standardization(X: ArrayLike<number>, n: number, d: number): { mean: Float64Array; sd: Float64Array } {
  const mean = new Float64Array(d);
  const sd = new Float64Array(d);
  for (let i = 0; i < n; i++) for (let a = 0; a < d; a++) mean[a] += X[i * d + a];
  for (let a = 0; a < d; a++) mean[a] /= n;
  for (let i = 0; i < n; i++) for (let a = 0; a < d; a++) sd[a] += (X[i * d + a] - mean[a]) ** 2;
  for (let a = 0; a < d; a++) {
    const s = Math.sqrt(sd[a] / n);
    sd[a] = s > 1e-12 ? s : 1;
  }
  return { mean, sd };
}

/** (X - mean) / sd as a new float64 [n, d]. */
export function standardize(X: ArrayLike<number>, n: number, d: number, mean: Float64Array, sd: Float64Array): Float64Array {
  const Z = new Float64Array(n * d);
  for (let i = 0; i < n; i++) for (let a = 0; a < d; a++) Z[i * d + a] = (X[i * d + a] - mean[a]) / sd[a];
  return Z;
}

/**
 * The objective and its gradient for theta = [W (d x C, row-major), b (C)]:
 *   f = (1/n) sum_i [logsumexp(z_i) - z_i,y_i] + (lambda/2) ||W||^2,  z_i = x_i W + b
 *   dW = (1/n) X^T (P - Y) + lambda W,  db = (1/n) sum_i (p_i - y_i),  P = softmax(Z)
 * @param X standardized features [n, d]; @param y labels in 0..C-1
 */
export function softmaxObjective(
  X: Float64Array, y: ArrayLike<number>, n: number, d: number, C: number, l2: number, theta: Float64Array, grad: Float64Array,
): number {
  grad.fill(0);
  const z = new Float64Array(C);
  let loss = 0;
  for (let i = 0; i < n; i++) {
    const xo = i * d;
    // z = x_i W + b          [d] -> [C]
    for (let c = 0; c < C; c++) z[c] = theta[d * C + c];
    for (let a = 0; a < d; a++) {
      const v = X[xo + a];
      if (v === 0) continue;
      const wo = a * C;
      for (let c = 0; c < C; c++) z[c] += v * theta[wo + c];
    }
    // logsumexp(z) = m + log sum exp(z - m)
    let m = -Infinity;
    for (let c = 0; c < C; c++) if (z[c] > m) m = z[c];
    let s = 0;
    for (let c = 0; c < C; c++) s += Math.exp(z[c] - m);
    const lse = m + Math.log(s);
    loss += lse - z[y[i]];
    // r = p - onehot(y), scaled by 1/n; accumulate into dW (x_i r^T) and db
    for (let c = 0; c < C; c++) z[c] = (Math.exp(z[c] - lse) - (c === y[i] ? 1 : 0)) / n;
    for (let c = 0; c < C; c++) grad[d * C + c] += z[c];
    for (let a = 0; a < d; a++) {
      const v = X[xo + a];
      if (v === 0) continue;
      const wo = a * C;
      for (let c = 0; c < C; c++) grad[wo + c] += v * z[c];
    }
  }
  let penalty = 0;
  for (let k = 0; k < d * C; k++) {
    penalty += theta[k] * theta[k];
    grad[k] += l2 * theta[k];
  }
  return loss / n + 0.5 * l2 * penalty;
}

/**
 * Fits multinomial logistic regression to features X [n, d] and labels y.
 * @returns the classifier and how the fit went
 */
export async function fitSoftmax(
  X: ArrayLike<number>, y: ArrayLike<number>, n: number, d: number, opts: SoftmaxOptions = {},
): Promise<{ classifier: SoftmaxClassifier; info: SoftmaxFitInfo }> {
  const C = opts.classes ?? 10;
  const l2 = opts.l2 ?? 1e-4;
  const maxIter = opts.maxIter ?? 300;
  for (let i = 0; i < n; i++) if (!(y[i] >= 0 && y[i] < C && Number.isInteger(y[i]))) throw new Error(`label ${y[i]} at ${i} is not in 0..${C - 1}`);
  const { mean, sd } = standardization(X, n, d);
  const Z = standardize(X, n, d, mean, sd);
  const result = await minimizeLbfgs(
    (theta, grad) => softmaxObjective(Z, y, n, d, C, l2, theta, grad),
    new Float64Array(d * C + C),
    { maxIter, signal: opts.signal, onIteration: (it) => opts.onProgress?.(it / maxIter) },
  );
  opts.onProgress?.(1);
  const classifier: SoftmaxClassifier = {
    d, classes: C, mean, sd, W: result.x.slice(0, d * C), b: result.x.slice(d * C),
  };
  return {
    classifier,
    info: {
      l2, iterations: result.iterations, evaluations: result.evaluations, stopReason: result.reason, objective: result.f,
      solver: `full-batch L-BFGS (memory 10, Armijo backtracking), float64, from zero, <= ${maxIter} iterations`,
    },
  };
}

/** argmax_c (standardize(x) W + b)_c for each row of X [n, d]. */
export function predictSoftmax(cl: SoftmaxClassifier, X: ArrayLike<number>, n: number): Int32Array {
  const { d, classes: C, mean, sd, W, b } = cl;
  const out = new Int32Array(n);
  const z = new Float64Array(C);
  for (let i = 0; i < n; i++) {
    z.set(b);
    for (let a = 0; a < d; a++) {
      const v = (X[i * d + a] - mean[a]) / sd[a];
      for (let c = 0; c < C; c++) z[c] += v * W[a * C + c];
    }
    let best = 0;
    for (let c = 1; c < C; c++) if (z[c] > z[best]) best = c;
    out[i] = best;
  }
  return out;
}

/** Percentage of predictions that differ from the labels. */
export function errorPercent(pred: ArrayLike<number>, labels: ArrayLike<number>): number {
  let wrong = 0;
  for (let i = 0; i < pred.length; i++) if (pred[i] !== labels[i]) wrong++;
  return (100 * wrong) / pred.length;
}

/** The Err metric from codes already extracted. */
export interface ClassifierResult {
  /** Test error, % (the paper's Err). */
  errPercent: number;
  /** Training error, % (for context). */
  trainErrPercent: number;
  trainCount: number;
  testCount: number;
  d: number;
  info: SoftmaxFitInfo;
  estimator: string;
}

/** Fits on training codes, reports the test error (Err, %). Codes are row-major [n, d]. */
export async function evaluateClassifier(
  trainCodes: ArrayLike<number>, trainLabels: ArrayLike<number>,
  testCodes: ArrayLike<number>, testLabels: ArrayLike<number>,
  d: number, opts: SoftmaxOptions = {},
): Promise<ClassifierResult> {
  const nTrain = trainLabels.length;
  const nTest = testLabels.length;
  const { classifier, info } = await fitSoftmax(trainCodes, trainLabels, nTrain, d, opts);
  return {
    errPercent: errorPercent(predictSoftmax(classifier, testCodes, nTest), testLabels),
    trainErrPercent: errorPercent(predictSoftmax(classifier, trainCodes, nTrain), trainLabels),
    trainCount: nTrain,
    testCount: nTest,
    d,
    info,
    estimator: `multinomial logistic regression on z-scored top codes (d = ${d}), L2 lambda = ${info.l2} on W, ${info.solver}`,
  };
}

/**
 * The paper's MNIST results for the four models in Latent Lab, as printed in Ororbia & Kifer,
 * "The neural coding framework for learning generative models", arXiv 2012.03405v4 (Nat.
 * Commun. 13, 2064, 2022), Tables 1 and 2: mean ± sd over 10 trials, on the test set.
 * Copied from the shared reference §4 (models-and-metrics.md).
 *
 * Caveats (shared reference §3): the paper's log p(x) may come from ngc-learn's eval_logpx.py,
 * which adds log S instead of subtracting it (+17.03 nats at S = 5000); compare it with both our
 * correct estimate and our code-compatible variant.
 */
import type { ModelKind } from '@/core/models/types';

/** A value as printed: mean and standard deviation over 10 trials. */
export interface PaperValue {
  mean: number;
  sd: number;
}

export type PaperMetric = 'bce' | 'logPx' | 'err' | 'mmse';

/** How each metric is reported. */
export const PAPER_METRICS: Record<PaperMetric, { label: string; unit: string; table: string; better: string; description: string }> = {
  bce: {
    label: 'BCE', unit: 'nats', table: 'Table 1', better: 'lower',
    description: 'Binary cross-entropy of the reconstruction, summed over the 784 pixels, mean over test images.',
  },
  logPx: {
    label: 'log p(x)', unit: 'nats', table: 'Table 1', better: 'closer to 0',
    description: 'Monte Carlo log-likelihood: 75-component GMM on the top codes, 5000 samples decoded.',
  },
  err: {
    label: 'Err', unit: '%', table: 'Table 2', better: 'lower',
    description: 'Test error of a log-linear (maximum-entropy) classifier on the top codes.',
  },
  mmse: {
    label: 'M-MSE', unit: 'squared error (the paper writes "nats")', table: 'Table 2', better: 'lower',
    description: 'Right half masked; per-image sum of squared errors over the masked pixels, mean over test images.',
  },
};

/** Paper rows, MNIST only, for the models Latent Lab implements. */
export const PAPER_MNIST: Record<ModelKind, { label: string } & Record<PaperMetric, PaperValue>> = {
  rae: {
    label: 'RAE',
    bce: { mean: 60.946, sd: 0.58 }, logPx: { mean: -117.009, sd: 0.181 },
    err: { mean: 11.99, sd: 0.47 }, mmse: { mean: 22.10, sd: 1.44 },
  },
  'gvae-cv': {
    label: 'GVAE-CV',
    bce: { mean: 69.904, sd: 0.304 }, logPx: { mean: -106.413, sd: 0.057 },
    err: { mean: 17.25, sd: 0.50 }, mmse: { mean: 20.37, sd: 0.15 },
  },
  gvae: {
    label: 'GVAE',
    bce: { mean: 75.521, sd: 2.194 }, logPx: { mean: -100.097, sd: 2.257 },
    err: { mean: 9.13, sd: 0.18 }, mmse: { mean: 20.06, sd: 0.57 },
  },
  'gncn-pdh': {
    label: 'GNCN-PDH',
    bce: { mean: 44.857, sd: 0.054 }, logPx: { mean: -97.255, sd: 0.084 },
    err: { mean: 2.28, sd: 0.04 }, mmse: { mean: 3.04, sd: 0.02 },
  },
};

/** Paper-order listing (the tables' row order). */
export const PAPER_ORDER: readonly ModelKind[] = ['rae', 'gvae-cv', 'gvae', 'gncn-pdh'];

/**
 * The reproduction report: our metrics beside the paper's Tables 1 and 2 (MNIST), as a typed
 * JSON object and as Markdown. Pure formatting; scripts/reproduce.ts fills it, a page could too.
 * Paper values: paper-values.ts (shared reference §4); estimators: shared reference §3.
 */
import type { ModelKind } from '@/core/models/types';
import type { ModelEvaluation } from '@/core/metrics/evaluate-all';
import { PAPER_MNIST, PAPER_ORDER, type PaperValue } from '@/core/metrics/paper-values';

/** One model's training and evaluation. */
export interface ModelRun {
  kind: ModelKind;
  /** Sizes and hyperparameters that built the model. */
  config: Record<string, unknown>;
  numParams: number;
  training: {
    epochs: number; steps: number; batchSize: number; seconds: number; optimizer: string; learningRate: number;
    /** Mean of each term over the last epoch's steps (the model's own units, see its TermSpecs). */
    lastEpochTerms: Record<string, number>;
  };
  evaluation: ModelEvaluation;
  weights?: { manifest: string; binary: string; bytes: number };
}

/** Everything a reproduce run writes to reports/reproduce.json. */
export interface ReproduceReport {
  createdAt: string;
  command: string;
  quick: boolean;
  seed: number;
  backend: { name: string; note: string };
  machine: string;
  data: { train: number; test: number; source: string };
  protocol: Record<string, unknown>;
  models: ModelRun[];
  /** Models that failed (training diverged, a singular GMM, ...), with the reason. */
  failures: { kind: ModelKind; error: string }[];
  wallSeconds: number;
}

const f = (v: number, digits = 2) => (Number.isFinite(v) ? v.toFixed(digits) : String(v));
const pm = (mean: number, spread: number, digits = 2) => `${f(mean, digits)} ± ${f(spread, digits)}`;
const paper = (p: PaperValue, digits = 2) => `${pm(p.mean, p.sd, digits)}`;
const label = (k: ModelKind) => PAPER_MNIST[k].label;
const seOf = (sd: number, n: number) => sd / Math.sqrt(n);

function ordered(models: ModelRun[]): ModelRun[] {
  return PAPER_ORDER.flatMap((k) => models.filter((m) => m.kind === k));
}

/** The Markdown report. */
export function reproduceMarkdown(r: ReproduceReport): string {
  const runs = ordered(r.models);
  const L: string[] = [];
  L.push('# Latent Lab: the paper\'s MNIST tables, reproduced');
  L.push('');
  L.push('Ororbia & Kifer, "The neural coding framework for learning generative models", Nat. Commun. 13, 2064 (2022), arXiv 2012.03405v4, Tables 1 and 2 (MNIST).');
  L.push('');
  L.push(`- run: ${r.createdAt}${r.quick ? ' — **--quick** (tiny subsets, few steps, small S and GMM: exercises every code path; the numbers are NOT comparable to the paper)' : ''}`);
  L.push(`- command: \`${r.command}\``);
  L.push(`- backend: ${r.backend.name} (${r.backend.note}); machine: ${r.machine}`);
  L.push(`- data: ${r.data.train} training / ${r.data.test} test images (${r.data.source}); seed ${r.seed}; wall time ${f(r.wallSeconds / 60, 1)} min`);
  L.push(`- epochs: ${runs.map((m) => `${label(m.kind)} ${m.training.epochs}`).join(', ')} (the paper: 50, 10 trials)`);
  L.push('');
  L.push('Ours: one trial; "±" is the standard error over test images (sd/√N), not the paper\'s sd over 10 trials.');
  L.push('');
  L.push('## Table 1: BCE and log p(x) (nats per image)');
  L.push('');
  L.push('| Model | BCE, ours | BCE, paper | log p(x), ours (−log S, correct) | log p(x), ours code-compatible (+log S) | log p(x), paper |');
  L.push('|---|---|---|---|---|---|');
  for (const m of runs) {
    const e = m.evaluation;
    const p = PAPER_MNIST[m.kind];
    L.push(`| ${label(m.kind)} | ${pm(e.bce.bce, seOf(e.bce.sdOverImages, e.bce.images))} | ${paper(p.bce, 3)} | ${pm(e.logPx.logPx.mean, e.logPx.logPx.seOverImages)} | ${f(e.logPx.codeCompatible)} | ${paper(p.logPx, 3)} |`);
  }
  L.push('');
  L.push('## Table 2: Err (%) and M-MSE (squared error summed over the masked half)');
  L.push('');
  L.push('| Model | Err, ours (%) | Err, paper (%) | M-MSE, ours | M-MSE, paper |');
  L.push('|---|---|---|---|---|');
  for (const m of runs) {
    const e = m.evaluation;
    const p = PAPER_MNIST[m.kind];
    L.push(`| ${label(m.kind)} | ${f(e.err.errPercent)} | ${paper(p.err)} | ${pm(e.mmse.mmse, seOf(e.mmse.sdOverImages, e.mmse.images))} | ${paper(p.mmse)} |`);
  }
  const vaes = runs.filter((m) => m.evaluation.importance);
  if (vaes.length) {
    L.push('');
    L.push('## VAEs: importance-sampled log p(x) with the encoder as proposal, and the ELBO (nats per image; not the paper\'s protocol)');
    L.push('');
    L.push('| Model | K | images | log p(x), IS | ELBO (K-sample mean of log w) | mean MC se | mean ESS |');
    L.push('|---|---|---|---|---|---|---|');
    for (const m of vaes) {
      const is = m.evaluation.importance!;
      L.push(`| ${label(m.kind)} | ${is.K} | ${is.logPx.images} | ${pm(is.logPx.mean, is.logPx.seOverImages)} | ${f(is.elbo)} | ${f(is.logPx.mcSe, 3)} | ${f(is.logPx.meanEss, 1)} |`);
    }
  }
  L.push('');
  L.push('## Estimators');
  L.push('');
  const first = runs[0]?.evaluation;
  if (first) {
    L.push(`- **BCE**: ${first.bce.estimator}. Per-pixel mean also in the JSON (\`perPixel\`, nats per pixel).`);
    L.push(`- **M-MSE**: mask ${first.mmse.mask}; per image the sum of squared errors over masked pixels, mean over images. Completion: ${runs.map((m) => `${label(m.kind)}: ${m.evaluation.mmse.method}`).join('; ')}.`);
    L.push(`- **Err**: ${first.err.estimator} (the paper gives no regularization or solver).`);
    L.push(`- **log p(x)**: ${first.logPx.estimator}. The code-compatible column adds 2 log S (${f(2 * Math.log(first.logPx.logPx.samples))} nats), the value ngc-learn's eval_logpx.py would print (it adds log S instead of subtracting it). Components are drawn by the mixing probabilities (the reference's exp(pi) quirk is not reproduced).`);
    L.push('- **IS** (VAEs): logmeanexp_k [log p(x|z_k) + log p(z_k) − log q(z_k|x)], z_k ~ q(z|x), prior N(0, I); ELBO = mean_k log w_k.');
  }
  for (const fl of r.failures) L.push(`- **${label(fl.kind)} failed**: ${fl.error}`);
  L.push('');
  L.push('## Per model');
  for (const m of runs) {
    const e = m.evaluation;
    const t = m.training;
    L.push('');
    L.push(`### ${label(m.kind)}`);
    L.push('');
    L.push(`- config: ${Object.entries(m.config).map(([k, v]) => `${k} ${JSON.stringify(v)}`).join(', ')}; ${m.numParams.toLocaleString('en')} learned parameters`);
    L.push(`- training: ${t.epochs} epoch(s), ${t.steps} steps of ${t.batchSize}, ${t.optimizer} lr ${t.learningRate}, ${f(t.seconds, 1)} s; last-epoch terms: ${Object.entries(t.lastEpochTerms).map(([k, v]) => `${k} ${f(v)}`).join(', ')}`);
    L.push(`- BCE ${f(e.bce.bce)} nats/image = ${f(e.bce.perPixel, 4)} nats/pixel; M-MSE ${f(e.mmse.mmse)} over ${e.mmse.maskedPixels} masked pixels = ${f(e.mmse.perMaskedPixel, 4)} per pixel`);
    L.push(`- classifier: d = ${e.err.d}, ${e.err.trainCount} train / ${e.err.testCount} test codes, train error ${f(e.err.trainErrPercent)} %, ${e.err.info.iterations} iterations (${e.err.info.stopReason})`);
    const g = e.logPx.gmm;
    L.push(`- GMM: ${g.k} ${g.covariance} components on ${g.codes} class-balanced ${g.d}-d codes (${g.activeDims} dimensions vary; constant ones are exact and left out of EM), ${g.iterations} EM iterations (${g.converged ? 'converged' : 'not converged'}), ${f(g.seconds, 1)} s, mean code log-density ${f(g.meanLogLik)}; decoder: ${e.logPx.decoder}`);
    L.push(`- log p(x): S = ${e.logPx.logPx.samples}, ${e.logPx.logPx.images} images, sd over images ${f(e.logPx.logPx.sdOverImages)}, mean per-image MC se ${f(e.logPx.logPx.mcSe, 3)}, mean ESS ${f(e.logPx.logPx.meanEss, 1)}`);
    L.push(`- evaluation time: ${Object.entries(e.seconds).map(([k, v]) => `${k} ${f(v ?? 0, 1)} s`).join(', ')}`);
    if (m.weights) L.push(`- weights: ${m.weights.manifest} + ${m.weights.binary} (${(m.weights.bytes / 1e6).toFixed(1)} MB)`);
  }
  L.push('');
  return L.join('\n');
}

/**
 * The Scoreboard's runner: evaluates all four models on the same test images with the paper's
 * metrics (core/metrics/evaluate-all.ts) and hands back plain numbers. The model being trained
 * on the page is copied (its weights at the moment the run starts), so training can go on; the
 * other three use their pretrained weights, or random ones when none are available, and each
 * column says which. The GMM's EM runs in a Web Worker; every other stage is chunked and async,
 * so the page stays responsive, and the signal cancels between chunks.
 *
 * The browser protocol is smaller than the paper's (75 components, S = 5000, 18,000 codes), to
 * finish in a minute or two on a laptop: it is stated beside the numbers. `npm run reproduce`
 * runs the paper's protocol in Node.
 */
import type { MnistSplit } from '@/core/data/mnist';
import { range } from '@/core/metrics/common';
import { evaluateAll, STAGES, type Stage } from '@/core/metrics/evaluate-all';
import { completionMethod } from '@/core/metrics/mmse';
import { MODEL_KINDS, type GenerativeModel, type ModelKind, type WeightMap } from '@/core/models/types';
import { fitGmmInWorker } from '@/platform/gmm-in-worker';
import { createModel } from '@/session/model-factory';
import type { Origin, Pretrained } from '@/session/pretrained';
import { defaultSettings, type Settings } from '@/settings/settings';

/** The browser protocol (the paper's in parentheses). */
export const BROWSER_PROTOCOL = {
  /** Training images whose codes fit the classifier (60,000). */
  trainCodes: 5000,
  /** GMM: components (75), class-balanced codes (18,000), EM iterations (100); full covariance as the paper. */
  gmm: { k: 10, codes: 2000, maxIter: 25, covariance: 'full' as const },
  /** S, GMM draws decoded (5,000). */
  samples: 1000,
  /** Importance sampling for the VAEs: K per image (100) on the first images (1,000). */
  importance: { K: 20, images: 200 },
  classifier: { l2: 1e-4, maxIter: 100 },
};

export const TEST_SUBSETS = [500, 1000, 2000, 10000] as const;

/** Where a column's weights came from. */
export type ScoreSource =
  | { kind: 'pretrained'; epochs: number; steps: number }
  | { kind: 'browser'; steps: number; startedFrom: 'pretrained' | 'scratch' }
  | { kind: 'untrained'; why: string };

/** One model's numbers (nats per image unless named otherwise). */
export interface ScoreColumn {
  kind: ModelKind;
  source: ScoreSource;
  bce: number;
  bcePerPixel: number;
  mmse: number;
  mmseMethod: string;
  errPercent: number;
  logPx: number;
  logPxSe: number;
  logPxCodeCompatible: number;
  /** Mean effective sample size of the S draws, per image. */
  ess: number;
  gmmK: number;
  /** VAEs: the importance-sampled log p(x) and the ELBO on the same images. */
  importance: { logPx: number; elbo: number; K: number; images: number } | null;
  seconds: number;
}

/** What the session lends the runner. */
export interface ScoreboardSource {
  train: MnistSplit;
  test: MnistSplit;
  /** The page's model: its settings, a copy of its weights, its step count and start. */
  live: { settings: Settings; weights: WeightMap; step: number; origin: Origin };
  pretrained(kind: ModelKind): Promise<Pretrained>;
}

export interface ScoreboardProgress {
  kind: ModelKind;
  stage: Stage | 'loading weights';
  /** Over the whole run, 0..1. */
  overall: number;
}

const STAGE_WEIGHT = new Map<string, number>(STAGES.map(([s, w]) => [s, w]));
const STAGE_TOTAL = STAGES.reduce((a, [, w]) => a + w, 0);
const stageStart = (stage: Stage) => {
  let acc = 0;
  for (const [s, w] of STAGES) {
    if (s === stage) return acc / STAGE_TOTAL;
    acc += w;
  }
  return 1;
};

/** A model for `kind` holding the weights the column reports, and where they came from. */
async function modelFor(kind: ModelKind, src: ScoreboardSource): Promise<{ model: GenerativeModel; source: ScoreSource }> {
  if (src.live.settings.model === kind) {
    const model = createModel(src.live.settings);
    model.setWeights(src.live.weights);
    const o = src.live.origin;
    const source: ScoreSource = o.kind === 'pretrained' && src.live.step === 0
      ? { kind: 'pretrained', epochs: o.info.epochs, steps: o.info.steps }
      : { kind: 'browser', steps: src.live.step, startedFrom: o.kind === 'pretrained' ? 'pretrained' : 'scratch' };
    return { model, source };
  }
  const settings = { ...defaultSettings(), model: kind };
  const model = createModel(settings);
  try {
    const p = await src.pretrained(kind);
    model.setWeights(p.weights);
    return { model, source: { kind: 'pretrained', epochs: p.info.epochs, steps: p.info.steps } };
  } catch (err) {
    return { model, source: { kind: 'untrained', why: err instanceof Error ? err.message : String(err) } };
  }
}

/** Evaluates every model in turn on the first `testImages` test images. */
export async function runScoreboard(
  src: ScoreboardSource, testImages: number, signal: AbortSignal, onProgress: (p: ScoreboardProgress) => void,
): Promise<ScoreColumn[]> {
  const P = BROWSER_PROTOCOL;
  const out: ScoreColumn[] = [];
  const n = MODEL_KINDS.length;
  for (const [i, kind] of MODEL_KINDS.entries()) {
    signal.throwIfAborted();
    onProgress({ kind, stage: 'loading weights', overall: i / n });
    const { model, source } = await modelFor(kind, src);
    const t0 = performance.now();
    try {
      const e = await evaluateAll(model, {
        train: src.train, test: src.test,
        trainIndices: range(Math.min(P.trainCodes, src.train.count)),
        testIndices: range(Math.min(testImages, src.test.count)),
        seed: 1, classifier: P.classifier, gmm: { ...P.gmm, fit: fitGmmInWorker },
        samples: P.samples, importance: P.importance, signal, chunk: 50,
        sigma2: kind === 'gvae-cv' ? (src.live.settings.model === kind ? src.live.settings.sigma2 : defaultSettings().sigma2) : undefined,
        onProgress: (stage, f) => onProgress({
          kind, stage, overall: (i + stageStart(stage) + ((STAGE_WEIGHT.get(stage) ?? 0) / STAGE_TOTAL) * f) / n,
        }),
      });
      out.push({
        kind, source,
        bce: e.bce.bce, bcePerPixel: e.bce.perPixel,
        mmse: e.mmse.mmse, mmseMethod: completionMethod(kind),
        errPercent: e.err.errPercent,
        logPx: e.logPx.logPx.mean, logPxSe: e.logPx.logPx.seOverImages, logPxCodeCompatible: e.logPx.codeCompatible,
        ess: e.logPx.logPx.meanEss, gmmK: e.logPx.gmm.k,
        importance: e.importance ? { logPx: e.importance.logPx.mean, elbo: e.importance.elbo, K: e.importance.K, images: e.importance.logPx.images } : null,
        seconds: (performance.now() - t0) / 1000,
      });
    } finally {
      model.dispose();
    }
  }
  onProgress({ kind: MODEL_KINDS[n - 1], stage: 'log p(x) (IS)', overall: 1 });
  return out;
}

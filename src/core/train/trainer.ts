/**
 * The model-agnostic training loop. It knows the GenerativeModel interface and nothing else.
 *
 * Memory is handled here: every model call runs inside tf.tidy, and the only tensors that
 * outlive a step are the small term vectors waiting for the next readback.
 * Readback is asynchronous and batched: `runSteps` only queues work; `readback` stacks the
 * queued term vectors into one tensor and awaits one `data()` for all of them.
 */
import * as tf from '@tensorflow/tfjs-core';
import { BatchSampler, gatherImages, type MnistSplit } from '@/core/data/mnist';
import { PIXELS } from '@/core/data/bit-pack';
import type { GenerativeModel, TermValues } from '@/core/models/types';
import { appendToHistory, emptyHistory, latestTerms, type LossHistory } from '@/core/train/loss-history';

// The history type and its functions live in loss-history.ts (bounded: old steps merge into bins).
export {
  appendToHistory, appendHistory, binCount, CAP, compact, emptyHistory, entryCount, entryFirst, FULL_STEPS, historyBefore,
  latestTerms, MAX_BINS, stepsCovered, type LossBins, type LossHistory,
} from '@/core/train/loss-history';

/** A non-finite term, named, with the step where it first appeared. */
export interface Divergence {
  term: string;
  step: number;
  value: number;
}

export interface TrainerOptions {
  model: GenerativeModel;
  train: MnistSplit;
  batchSize: number;
  seed: number;
}

export class Trainer {
  /** Steps taken (queued) so far. */
  step = 0;
  readonly history: LossHistory;
  private readonly sampler: BatchSampler;
  private pending: { step: number; terms: tf.Tensor1D }[] = [];

  constructor(private readonly opts: TrainerOptions) {
    this.sampler = new BatchSampler(opts.train.count, opts.batchSize, opts.seed);
    this.history = emptyHistory(opts.model.terms.map((t) => t.key));
  }

  /** Epochs of the training set seen so far. */
  get epoch(): number {
    return this.sampler.epoch;
  }

  /** Steps queued but not yet read back. */
  get unread(): number {
    return this.pending.length;
  }

  /** Queues n training steps (no readback). */
  runSteps(n: number): void {
    const { model, train, batchSize } = this.opts;
    for (let i = 0; i < n; i++) {
      const pixels = gatherImages(train, this.sampler.next());
      const step = this.step;
      const terms = tf.tidy(() => model.trainStep(tf.tensor2d(pixels, [batchSize, PIXELS]), step));
      this.pending.push({ step, terms });
      this.step += 1;
    }
  }

  /**
   * Reads every queued term vector with one async readback and appends them to the history
   * (appendToHistory: bounded, old steps merge into bins).
   * @returns the latest terms, the first non-finite term, if any, and the number of steps appended
   *   (count steps with `read`, not with history.steps.length, which stops growing at the cap)
   */
  async readback(): Promise<{ latest: TermValues | null; divergence: Divergence | null; read: number }> {
    if (this.pending.length === 0) return { latest: null, divergence: null, read: 0 };
    const batch = this.pending;
    this.pending = [];
    // Stack to a power-of-two count, repeating the last vector: WebGL compiles (and tfjs caches for
    // the page's life, GLSL source and all) one program per input count, so a count that follows
    // the readback size (1..20 and more) kept adding programs during long runs (issue 8).
    const inputs = batch.map((p) => p.terms);
    for (let size = stackSize(batch.length); inputs.length < size;) inputs.push(batch[batch.length - 1].terms);
    const stacked = tf.tidy(() => tf.stack(inputs)); // [stackSize(n), T]; rows past n are repeats
    batch.forEach((p) => p.terms.dispose());
    let values: Float32Array;
    try {
      values = (await stacked.data()) as Float32Array;
    } finally {
      stacked.dispose();
    }
    const keys = this.opts.model.terms.map((t) => t.key);
    const T = keys.length;
    let divergence: Divergence | null = null;
    let n = 0; // steps before the first non-finite one
    for (; n < batch.length && !divergence; n++) {
      for (let k = 0; k < T; k++) {
        const v = values[n * T + k];
        if (!Number.isFinite(v) && !divergence) divergence = { term: keys[k], step: batch[n].step, value: v };
      }
    }
    if (divergence) n -= 1; // nothing from a non-finite step on reaches the history (or a plot)
    const steps = batch.slice(0, n).map((p) => p.step);
    const rows = Object.fromEntries(keys.map((key, k) => [key, Array.from({ length: n }, (_, i) => values[i * T + k])]));
    const read = appendToHistory(this.history, steps, rows);
    return { latest: latestTerms(this.history), divergence, read };
  }

  /** Frees queued tensors (the model is disposed by its owner). */
  dispose(): void {
    this.pending.forEach((p) => p.terms.dispose());
    this.pending = [];
  }
}

/** The number of term vectors a readback of n steps stacks: the next power of two (n >= 1). */
export function stackSize(n: number): number {
  let size = 1;
  while (size < n) size *= 2;
  return size;
}

/**
 * Mean of each term over `indices` of a split, evaluated in chunks (no update).
 * @param signal aborts between chunks (throws its reason)
 * @returns per-term means over images, e.g. the test-set negative ELBO in nats per image
 */
export async function evaluateTerms(
  model: GenerativeModel,
  split: MnistSplit,
  indices: ArrayLike<number>,
  seed: number,
  chunk = 100,
  signal?: AbortSignal,
): Promise<TermValues> {
  const keys = model.terms.map((t) => t.key);
  const sums = new Float64Array(keys.length);
  let count = 0;
  for (let start = 0; start < indices.length; start += chunk) {
    signal?.throwIfAborted(); // the model may have been disposed while we awaited
    const idx = Array.from({ length: Math.min(chunk, indices.length - start) }, (_, i) => indices[start + i]);
    const pixels = gatherImages(split, idx);
    const t = tf.tidy(() => model.evaluate(tf.tensor2d(pixels, [idx.length, PIXELS]), seed + start));
    const v = await t.data();
    t.dispose();
    // each term is a mean over the chunk; weight by chunk size
    keys.forEach((_, k) => (sums[k] += v[k] * idx.length));
    count += idx.length;
    // On WASM and CPU data() resolves at once: yield so a page can paint between chunks.
    await new Promise((resolve) => setTimeout(resolve, 0));
  }
  return Object.fromEntries(keys.map((key, k) => [key, sums[k] / count]));
}

/** Runs a model function on images `indices` and reads the result back. [n, 784] -> Float32Array */
export async function readImages(
  fn: (x: tf.Tensor2D) => tf.Tensor2D,
  split: MnistSplit,
  indices: ArrayLike<number>,
): Promise<Float32Array> {
  const pixels = gatherImages(split, indices);
  const out = tf.tidy(() => fn(tf.tensor2d(pixels, [indices.length, PIXELS])));
  try {
    return (await out.data()) as Float32Array;
  } finally {
    out.dispose();
  }
}

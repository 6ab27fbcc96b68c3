/**
 * Plumbing shared by the evaluation metrics: progress and cancellation options, chunked
 * iteration over a data set with a yield to the event loop between chunks, and image sources.
 *
 * Every metric is async and reads results back one chunk at a time (`await tensor.data()`), so
 * a page can show progress and cancel without freezing; in Node the same code runs unchanged.
 * Spec: shared reference models-and-metrics.md §3 (evaluation protocols).
 */
import * as tf from '@tensorflow/tfjs-core';
import { gatherImages, type MnistSplit } from '@/core/data/mnist';
import { PIXELS } from '@/core/data/bit-pack';

/** Options every metric accepts. */
export interface ProgressOptions {
  /** Checked between chunks; an abort throws the signal's reason. */
  signal?: AbortSignal;
  /** Called after every chunk with the fraction done, in [0, 1]. */
  onProgress?: (fraction: number) => void;
  /** Images per chunk (one forward pass and one readback each). */
  chunk?: number;
}

/** Resolves on the next macrotask, letting the page paint and handle input. */
export function nextTick(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}

/**
 * Maps a progress callback for one stage onto [from, to] of an outer callback.
 * @returns undefined when there is no outer callback
 */
export function subProgress(
  onProgress: ((fraction: number) => void) | undefined, from: number, to: number,
): ((fraction: number) => void) | undefined {
  return onProgress ? (f) => onProgress(from + (to - from) * Math.min(1, Math.max(0, f))) : undefined;
}

/**
 * Calls body(start, end) for consecutive ranges [start, end) of 0..total, `chunk` at a time,
 * checking the signal before each range and reporting progress after it.
 */
export async function forEachChunk(
  total: number,
  chunk: number,
  opts: ProgressOptions,
  body: (start: number, end: number) => Promise<void>,
): Promise<void> {
  if (!(chunk >= 1)) throw new RangeError(`chunk must be >= 1, got ${chunk}`);
  for (let start = 0; start < total; start += chunk) {
    opts.signal?.throwIfAborted();
    const end = Math.min(total, start + chunk);
    await body(start, end);
    opts.onProgress?.(end / total);
    await nextTick();
  }
  opts.signal?.throwIfAborted();
}

/** A finite set of images that can be read in ranges, as row-major floats [end - start, dim]. */
export interface ImageSource {
  readonly count: number;
  readonly dim: number;
  read(start: number, end: number): Float32Array;
}

/** The images `indices` of an MNIST split (binarized, {0, 1}), unpacked chunk by chunk. */
export function splitSource(split: MnistSplit, indices: ArrayLike<number>): ImageSource {
  return {
    count: indices.length,
    dim: PIXELS,
    read: (start, end) => gatherImages(split, Array.from({ length: end - start }, (_, i) => indices[start + i])),
  };
}

/** In-memory images, row-major [count, dim]. */
export function arraySource(values: Float32Array, count: number, dim: number): ImageSource {
  if (values.length < count * dim) throw new Error(`arraySource: ${values.length} values, [${count}, ${dim}] needs ${count * dim}`);
  return { count, dim, read: (start, end) => values.subarray(start * dim, end * dim) };
}

/** All indices 0..n-1. */
export function range(n: number): Uint32Array {
  return Uint32Array.from({ length: n }, (_, i) => i);
}

/**
 * Runs fn on one chunk of images inside tf.tidy and reads the [n] or [n, k] result back.
 * The tensor is disposed whatever happens.
 */
export async function readChunk(fn: () => tf.Tensor): Promise<Float32Array> {
  const t = tf.tidy(fn);
  try {
    return (await t.data()) as Float32Array;
  } finally {
    t.dispose();
  }
}

/** Mean and standard deviation (n - 1 denominator) of per-item values, summed in float64. */
export function meanAndSd(values: ArrayLike<number>): { mean: number; sd: number } {
  const n = values.length;
  let s = 0;
  for (let i = 0; i < n; i++) s += values[i];
  const mean = s / n;
  let ss = 0;
  for (let i = 0; i < n; i++) ss += (values[i] - mean) ** 2;
  return { mean, sd: n > 1 ? Math.sqrt(ss / (n - 1)) : 0 };
}

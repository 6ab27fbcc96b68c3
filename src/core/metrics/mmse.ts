/**
 * M-MSE: the pattern-completion metric of the paper's Table 2 (Ororbia & Kifer 2022, §2.3 and
 * Appendix; shared reference §3 "M-MSE"):
 *   M-MSE(x, x̂, m) = ((x̂ - x) ⊙ (1 - m))^T ((x̂ - x) ⊙ (1 - m))
 * per image: the SUM of squared errors over the masked pixels (not a mean; the paper labels it
 * "nats"), then averaged over test images (not stated in the paper; the natural reading).
 * x̂ = model.complete(x ⊙ m, m): the model sees only the observed pixels (masked ones are 0) and
 * completes in its own way (completionMethod); the error is taken against the original x.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { MnistSplit } from '@/core/data/mnist';
import { PIXELS } from '@/core/data/bit-pack';
import type { GenerativeModel, ModelKind } from '@/core/models/types';
import { forEachChunk, meanAndSd, readChunk, splitSource, type ProgressOptions } from '@/core/metrics/common';
import { describeMask, maskBatch, PAPER_MASK, type MaskSpec } from '@/core/metrics/masks';

/**
 * Per-image sum of squared errors over the masked pixels.
 * @param mask 1 = observed, [B, D] or [1, D]
 * [B, D] -> [B]
 */
export function maskedSquaredError(x: tf.Tensor2D, xHat: tf.Tensor2D, mask: tf.Tensor2D): tf.Tensor1D {
  return tf.tidy(() => {
    // ((x̂ - x) ⊙ (1 - m))^T ((x̂ - x) ⊙ (1 - m))
    const r = tf.mul(tf.sub(xHat, x), tf.sub(1, mask)); // [B, D]
    return tf.sum(tf.square(r), 1) as tf.Tensor1D; // [B, D] -> [B]
  });
}

/**
 * How a model completes masked images (what complete() does), for the report.
 * @param refillSteps the autoencoders' re-encoding passes (0 unless the caller changed it)
 * @param K GNCN-PDH's settling steps, when known
 */
export function completionMethod(kind: ModelKind, refillSteps = 0, K?: number): string {
  if (kind === 'gncn-pdh') {
    return `Eq. 19 settling${K ? ` (K = ${K})` : ''}: masked pixels of z0 evolve as z0 <- z0 - beta e0, observed pixels clamped; z0 read out`;
  }
  return refillSteps > 0
    ? `encode masked input (masked pixels 0), decode, keep observed pixels; then ${refillSteps} refill pass(es) re-encoding the completion`
    : 'encode masked input (masked pixels 0), decode, keep observed pixels';
}

/** M-MSE of a model on a set of images. */
export interface MmseResult {
  /** Mean over images of the per-image sum of squared errors over masked pixels (the paper's number). */
  mmse: number;
  sdOverImages: number;
  /** Masked pixels per image (mean; 392 for the half masks). */
  maskedPixels: number;
  /** mmse / maskedPixels: mean squared error per masked pixel (not what the paper reports). */
  perMaskedPixel: number;
  images: number;
  mask: string;
  method: string;
}

export interface MmseOptions extends ProgressOptions {
  /** Default the paper's right-half mask. */
  mask?: MaskSpec;
  /** Describes the completion in the result (default completionMethod(model.kind)). */
  method?: string;
}

/** Evaluates M-MSE(x, model.complete(x, m), m) over images `indices` of a split. */
export async function evaluateMmse(
  model: GenerativeModel, split: MnistSplit, indices: ArrayLike<number>, opts: MmseOptions = {},
): Promise<MmseResult> {
  const spec = opts.mask ?? PAPER_MASK;
  const source = splitSource(split, indices);
  const perImage = new Float64Array(source.count);
  let maskedTotal = 0;
  await forEachChunk(source.count, opts.chunk ?? 100, opts, async (start, end) => {
    const B = end - start;
    const pixels = source.read(start, end);
    const idx = Array.from({ length: B }, (_, i) => indices[start + i]);
    const m = maskBatch(spec, idx);
    for (let i = 0; i < m.values.length; i++) maskedTotal += (1 - m.values[i]) * (m.rows === 1 ? B : 1);
    const v = await readChunk(() => {
      const x = tf.tensor2d(pixels, [B, PIXELS]);
      const mask = tf.tensor2d(m.values, [m.rows, PIXELS]);
      // the model sees x; complete() must not read the masked pixels (checked in the tests)
      return maskedSquaredError(x, model.complete(tf.mul(x, mask) as tf.Tensor2D, mask), mask); // [B]
    });
    perImage.set(v, start);
  });
  const { mean, sd } = meanAndSd(perImage);
  const maskedPixels = maskedTotal / source.count;
  return {
    mmse: mean,
    sdOverImages: sd,
    maskedPixels,
    perMaskedPixel: mean / maskedPixels,
    images: source.count,
    mask: describeMask(spec),
    method: opts.method ?? completionMethod(model.kind),
  };
}

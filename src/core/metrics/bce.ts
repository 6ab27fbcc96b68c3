/**
 * BCE: the reconstruction metric of the paper's Table 1 (Ororbia & Kifer 2022, Appendix
 * "Training Setup"; shared reference §3 "BCE"):
 *   BCE(X, X̂) = -(1/S) sum_s sum_d [x_d log x̂_d + (1 - x_d) log(1 - x̂_d)]     (nats per image)
 * summed over the 784 pixels and averaged over images. x̂ is model.reconstruct(x) (GNCN-PDH:
 * mu0 after settling with x clamped; the autoencoders: the decoder output of the encoded x).
 * x̂ is clipped to [1e-7, 1 - 1e-7] as ngc-learn's metric_utils.bce does (in float32, 1 - 1e-7
 * rounds to 1 - 1.19e-7). Callers on float16 backends may pass a larger clip.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { MnistSplit } from '@/core/data/mnist';
import { PIXELS } from '@/core/data/bit-pack';
import type { GenerativeModel } from '@/core/models/types';
import { forEachChunk, meanAndSd, readChunk, splitSource, type ProgressOptions } from '@/core/metrics/common';

/** The reference's clip of the prediction (metric_utils.bce). */
export const BCE_CLIP = 1e-7;

/**
 * Per-image BCE of Bernoulli means, the prediction clipped to [clip, 1 - clip].
 * [B, D], [B, D] -> [B] (nats per image)
 */
export function bernoulliCrossEntropy(x: tf.Tensor2D, xHat: tf.Tensor2D, clip = BCE_CLIP): tf.Tensor1D {
  return tf.tidy(() => {
    const p = tf.clipByValue(xHat, clip, 1 - clip);
    // -sum_d [x log p + (1 - x) log(1 - p)]
    const ll = tf.add(tf.mul(x, tf.log(p)), tf.mul(tf.sub(1, x), tf.log(tf.sub(1, p))));
    return tf.neg(tf.sum(ll, 1)) as tf.Tensor1D; // [B, D] -> [B]
  });
}

/** The BCE of a model on a set of images. */
export interface BceResult {
  /** Mean over images of the per-image BCE, in nats per image (the paper's number). */
  bce: number;
  /** Standard deviation of the per-image BCE over images (nats per image). */
  sdOverImages: number;
  /** bce / 784: the per-pixel mean, in nats per pixel (not what the paper reports). */
  perPixel: number;
  images: number;
  clip: number;
  estimator: string;
}

export interface BceOptions extends ProgressOptions {
  /** Default BCE_CLIP (1e-7). */
  clip?: number;
}

/**
 * Evaluates BCE(x, model.reconstruct(x)) over images `indices` of a split, chunk by chunk.
 * @param indices image indices into split (e.g. the whole test set)
 */
export async function evaluateBce(
  model: GenerativeModel, split: MnistSplit, indices: ArrayLike<number>, opts: BceOptions = {},
): Promise<BceResult> {
  const clip = opts.clip ?? BCE_CLIP;
  const source = splitSource(split, indices);
  const perImage = new Float64Array(source.count);
  await forEachChunk(source.count, opts.chunk ?? 100, opts, async (start, end) => {
    const pixels = source.read(start, end);
    const v = await readChunk(() => {
      const x = tf.tensor2d(pixels, [end - start, PIXELS]);
      return bernoulliCrossEntropy(x, model.reconstruct(x), clip); // [B]
    });
    perImage.set(v, start);
  });
  const { mean, sd } = meanAndSd(perImage);
  return {
    bce: mean,
    sdOverImages: sd,
    perPixel: mean / PIXELS,
    images: source.count,
    clip,
    estimator: `-sum_d [x log x̂ + (1-x) log(1-x̂)], x̂ = reconstruct(x) clipped to [${clip}, 1-${clip}], summed over ${PIXELS} pixels, mean over images`,
  };
}

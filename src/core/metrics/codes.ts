/**
 * Top latent codes (model.encode) of a data set, read back chunk by chunk, and the
 * class-balanced subset the GMM is fitted to. Shared reference §1.8: [W] extract_latents.py
 * reads relu(z3) after a K-step settle (GNCN-PDH's encode); fit_gmm.py fits the GMM to a
 * class-balanced subset of 18,000 training codes (1,800 per class). The VAEs' code is mu(x).
 */
import * as tf from '@tensorflow/tfjs-core';
import type { MnistSplit } from '@/core/data/mnist';
import { PIXELS } from '@/core/data/bit-pack';
import { createRng, deriveSeed, permutation } from '@/core/rng';
import type { GenerativeModel } from '@/core/models/types';
import { forEachChunk, readChunk, splitSource, type ProgressOptions } from '@/core/metrics/common';

/**
 * model.encode over images `indices` of a split.
 * @returns codes, row-major [indices.length, model.codeSize]
 */
export async function encodeImages(
  model: GenerativeModel, split: MnistSplit, indices: ArrayLike<number>, opts: ProgressOptions = {},
): Promise<Float32Array> {
  const source = splitSource(split, indices);
  const J = model.codeSize;
  const codes = new Float32Array(source.count * J);
  await forEachChunk(source.count, opts.chunk ?? 100, opts, async (start, end) => {
    const pixels = source.read(start, end);
    const v = await readChunk(() => model.encode(tf.tensor2d(pixels, [end - start, PIXELS]))); // [B, J]
    codes.set(v, start * J);
  });
  return codes;
}

/**
 * Positions (into `labels`) of a class-balanced subset: floor(total / classes) per class, a
 * seeded random choice within each class (all of a class when it has fewer), sorted.
 * @param labels label of each candidate
 */
export function classBalancedPositions(labels: ArrayLike<number>, total: number, seed: number, classes = 10): Uint32Array {
  const perClass = Math.floor(total / classes);
  const byClass: number[][] = Array.from({ length: classes }, () => []);
  for (let i = 0; i < labels.length; i++) byClass[labels[i]]?.push(i);
  const chosen: number[] = [];
  byClass.forEach((members, c) => {
    const order = permutation(createRng(deriveSeed(seed, 'balanced', c)), members.length);
    for (let k = 0; k < Math.min(perClass, members.length); k++) chosen.push(members[order[k]]);
  });
  return Uint32Array.from(chosen.sort((a, b) => a - b));
}

/** Rows `positions` of a row-major [n, d] array. */
export function selectRows(values: Float32Array, d: number, positions: ArrayLike<number>): Float32Array {
  const out = new Float32Array(positions.length * d);
  for (let i = 0; i < positions.length; i++) out.set(values.subarray(positions[i] * d, positions[i] * d + d), i * d);
  return out;
}

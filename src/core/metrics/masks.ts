/**
 * Masks for pattern completion (M-MSE). A mask m is 1 where a pixel is observed and 0 where it
 * is masked (to be completed), as GenerativeModel.complete(x, m) expects.
 *
 * The paper's mask (Ororbia & Kifer 2022, §2.3 and Appendix; shared reference §3 "M-MSE"):
 * "the right half of each image ... was masked": m keeps sqrt(D)/2 columns, i.e. pixel
 * columns 0-13 of each 28-pixel row are observed and columns 14-27 are masked.
 * Also here (not in the paper): the bottom half, a seeded random subset of pixels, a centered box.
 */
import { createRng, deriveSeed, permutation } from '@/core/rng';

/** Image side (MNIST: 28 x 28 = 784 pixels). */
export const SIDE = 28;
const D = SIDE * SIDE;

export type MaskSpec =
  /** The paper's mask: columns 14-27 masked. */
  | { kind: 'right-half' }
  /** Rows 14-27 masked. */
  | { kind: 'bottom-half' }
  /** round(fraction * 784) pixels masked per image, a different seeded subset for each image index. */
  | { kind: 'random'; fraction: number; seed: number }
  /** A centered size x size box masked (rows and columns floor((28 - size) / 2) ..+size-1). */
  | { kind: 'box'; size: number };

/** The paper's default. */
export const PAPER_MASK: MaskSpec = { kind: 'right-half' };

/** @returns a short description, e.g. "right half (columns 14-27 masked)". */
export function describeMask(spec: MaskSpec): string {
  switch (spec.kind) {
    case 'right-half':
      return 'right half (columns 14-27 masked)';
    case 'bottom-half':
      return 'bottom half (rows 14-27 masked)';
    case 'random':
      return `random ${Math.round(spec.fraction * D)} of ${D} pixels per image (fraction ${spec.fraction}, seed ${spec.seed})`;
    case 'box': {
      const [a, b] = boxRange(spec.size);
      return `centered ${spec.size}x${spec.size} box (rows and columns ${a}-${b - 1} masked)`;
    }
  }
}

/** [first, end) of the centered box along one axis. */
function boxRange(size: number): [number, number] {
  if (!Number.isInteger(size) || size < 1 || size > SIDE) throw new RangeError(`box size must be an integer in 1..${SIDE}, got ${size}`);
  const first = Math.floor((SIDE - size) / 2);
  return [first, first + size];
}

/** True when every image gets the same mask (so one [1, 784] row serves a whole batch). */
export function isSharedMask(spec: MaskSpec): boolean {
  return spec.kind !== 'random';
}

/**
 * The mask of one image, [784], 1 = observed, 0 = masked.
 * @param imageIndex index of the image in its split (seeds the 'random' mask; ignored otherwise)
 */
export function maskRow(spec: MaskSpec, imageIndex = 0): Float32Array {
  const m = new Float32Array(D).fill(1);
  switch (spec.kind) {
    case 'right-half':
      for (let r = 0; r < SIDE; r++) for (let c = SIDE / 2; c < SIDE; c++) m[r * SIDE + c] = 0;
      break;
    case 'bottom-half':
      for (let r = SIDE / 2; r < SIDE; r++) for (let c = 0; c < SIDE; c++) m[r * SIDE + c] = 0;
      break;
    case 'random': {
      if (!(spec.fraction >= 0 && spec.fraction <= 1)) throw new RangeError(`fraction must be in [0, 1], got ${spec.fraction}`);
      // the first round(f D) entries of a seeded permutation of the pixels are masked
      const order = permutation(createRng(deriveSeed(spec.seed, 'mask/random', imageIndex)), D);
      const masked = Math.round(spec.fraction * D);
      for (let i = 0; i < masked; i++) m[order[i]] = 0;
      break;
    }
    case 'box': {
      const [a, b] = boxRange(spec.size);
      for (let r = a; r < b; r++) for (let c = a; c < b; c++) m[r * SIDE + c] = 0;
      break;
    }
  }
  return m;
}

/**
 * Masks for a batch of images: [1, 784] when shared, else [indices.length, 784] (row-major).
 * @returns the values and the number of rows
 */
export function maskBatch(spec: MaskSpec, indices: ArrayLike<number>): { values: Float32Array; rows: number } {
  if (isSharedMask(spec)) return { values: maskRow(spec), rows: 1 };
  const values = new Float32Array(indices.length * D);
  for (let i = 0; i < indices.length; i++) values.set(maskRow(spec, indices[i]), i * D);
  return { values, rows: indices.length };
}

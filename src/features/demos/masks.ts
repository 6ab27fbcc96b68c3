/**
 * Masks for the completion demo. A mask m is 1 where a pixel is observed and 0 where it is
 * masked (to be completed), as GenerativeModel.complete(x, m) expects; pixel p = row * 28 + col.
 *
 * The paper's mask (Ororbia & Kifer 2022, §2.3; shared reference §3 "M-MSE") is the right half:
 * columns 0-13 of every row are observed and columns 14-27 are masked. The others are ours.
 */
import { createRng, deriveSeed, permutation } from '@/core/rng';

export const SIDE = 28;
export const PIXELS = SIDE * SIDE;

export type MaskSpec =
  /** The paper's: columns 14-27 masked. */
  | { kind: 'right-half' }
  /** Rows 14-27 masked. */
  | { kind: 'bottom-half' }
  /** Exactly round(fraction * 784) pixels masked, chosen by a seeded permutation. */
  | { kind: 'random'; fraction: number; seed: number }
  /** A centered size x size box masked: rows and columns floor((28 - size) / 2) .. + size - 1. */
  | { kind: 'box'; size: number }
  /** Painted by hand: `mask` is the mask itself ([784], 1 = observed). */
  | { kind: 'brush'; mask: Float32Array };

export type MaskKind = MaskSpec['kind'];

export const PAPER_MASK: MaskSpec = { kind: 'right-half' };

/** [first, end) of the centered box along either axis. */
export function boxRange(size: number): [number, number] {
  const s = Math.max(1, Math.min(SIDE, Math.round(size)));
  const first = Math.floor((SIDE - s) / 2);
  return [first, first + s];
}

/** The mask as [784] floats, 1 = observed, 0 = masked. */
export function maskFor(spec: MaskSpec): Float32Array {
  const m = new Float32Array(PIXELS).fill(1);
  switch (spec.kind) {
    case 'right-half':
      for (let r = 0; r < SIDE; r++) for (let c = SIDE / 2; c < SIDE; c++) m[r * SIDE + c] = 0;
      break;
    case 'bottom-half':
      for (let r = SIDE / 2; r < SIDE; r++) for (let c = 0; c < SIDE; c++) m[r * SIDE + c] = 0;
      break;
    case 'random': {
      const f = Math.min(1, Math.max(0, spec.fraction));
      const order = permutation(createRng(deriveSeed(spec.seed, 'demos/mask/random')), PIXELS);
      const masked = Math.round(f * PIXELS);
      for (let i = 0; i < masked; i++) m[order[i]] = 0;
      break;
    }
    case 'box': {
      const [a, b] = boxRange(spec.size);
      for (let r = a; r < b; r++) for (let c = a; c < b; c++) m[r * SIDE + c] = 0;
      break;
    }
    case 'brush':
      m.set(spec.mask);
      break;
  }
  return m;
}

/** Number of masked pixels (m = 0). */
export function maskedCount(mask: Float32Array): number {
  let n = 0;
  for (let p = 0; p < mask.length; p++) if (mask[p] < 0.5) n++;
  return n;
}

/** One line for the UI, e.g. "right half (columns 14-27 masked; the paper's)". */
export function describeMask(spec: MaskSpec): string {
  switch (spec.kind) {
    case 'right-half':
      return "right half (columns 14-27 masked; the paper's mask)";
    case 'bottom-half':
      return 'bottom half (rows 14-27 masked)';
    case 'random':
      return `random pixels: ${Math.round(Math.min(1, Math.max(0, spec.fraction)) * PIXELS)} of ${PIXELS} masked (seed ${spec.seed})`;
    case 'box': {
      const [a, b] = boxRange(spec.size);
      return `centered ${b - a}×${b - a} box (rows and columns ${a}-${b - 1} masked)`;
    }
    case 'brush':
      return `painted by hand: ${maskedCount(spec.mask)} of ${PIXELS} pixels masked`;
  }
}

/**
 * x ⊙ m for n images: masked pixels set to 0, as the models receive them.
 * @param mask [784] (shared) or [n, 784]
 */
export function applyMask(x: Float32Array, mask: Float32Array, n: number): Float32Array {
  const out = new Float32Array(n * PIXELS);
  const shared = mask.length === PIXELS;
  for (let i = 0; i < n; i++) {
    for (let p = 0; p < PIXELS; p++) out[i * PIXELS + p] = x[i * PIXELS + p] * mask[shared ? p : i * PIXELS + p];
  }
  return out;
}

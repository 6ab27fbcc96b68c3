/**
 * Masks for the completion demo. A mask m is 1 where a pixel is observed and 0 where it is
 * masked (to be completed), as GenerativeModel.complete(x, m) expects; pixel p = row * 28 + col.
 *
 * The paper's mask (Ororbia & Kifer 2022, §2.3; shared reference §3 "M-MSE") is the right half:
 * columns 0-13 of every row are observed and columns 14-27 are masked. The others are ours.
 */
import { describeMask as describeMetricMask, maskRow, PAPER_MASK as METRIC_PAPER_MASK, SIDE, type MaskSpec as MetricMaskSpec } from '@/core/metrics/masks';

export { SIDE };
export const PIXELS = SIDE * SIDE;

/** The metric's masks (src/core/metrics/masks.ts, one definition of each), plus a hand-painted one. */
export type MaskSpec =
  | MetricMaskSpec
  /** Painted by hand: `mask` is the mask itself ([784], 1 = observed). */
  | { kind: 'brush'; mask: Float32Array };

export type MaskKind = MaskSpec['kind'];

export const PAPER_MASK: MaskSpec = METRIC_PAPER_MASK;

/** Rows (and columns) [first, end) of a centered box of `size` pixels, size clamped to 1..28. */
export function boxRange(size: number): [number, number] {
  const s = Math.max(1, Math.min(SIDE, Math.round(size)));
  const first = Math.floor((SIDE - s) / 2);
  return [first, first + s];
}

/** Slider values to a valid metric spec (fraction clamped to [0, 1], box size to 1..28). */
function toMetricSpec(spec: MetricMaskSpec): MetricMaskSpec {
  if (spec.kind === 'random') return { ...spec, fraction: Math.min(1, Math.max(0, spec.fraction)) };
  if (spec.kind === 'box') {
    const [a, b] = boxRange(spec.size);
    return { kind: 'box', size: b - a };
  }
  return spec;
}

/** The mask as [784] floats, 1 = observed, 0 = masked (one random mask shared by the demo's digits). */
export function maskFor(spec: MaskSpec): Float32Array {
  if (spec.kind === 'brush') return spec.mask.slice();
  return maskRow(toMetricSpec(spec), 0);
}

/** Number of masked pixels (m = 0). */
export function maskedCount(mask: Float32Array): number {
  let n = 0;
  for (let p = 0; p < mask.length; p++) if (mask[p] < 0.5) n++;
  return n;
}

/** One line for the UI, e.g. "right half (columns 14-27 masked; the paper's mask)". */
export function describeMask(spec: MaskSpec): string {
  if (spec.kind === 'brush') return `painted by hand: ${maskedCount(spec.mask)} of ${PIXELS} pixels masked`;
  const text = describeMetricMask(toMetricSpec(spec));
  return spec.kind === 'right-half' ? text.replace(')', "; the paper's mask)") : text;
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

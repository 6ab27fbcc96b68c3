/** M-MSE (per-image sum of squared errors over masked pixels, mean over images) against explicit loops. */
import { describe, expect, it } from 'vitest';
import { createRng } from '@/core/rng';
import { maskFor, PAPER_MASK } from '@/features/demos/masks';
import { maskedSquaredErrors } from '@/features/demos/mmse';

/** The definition, written out: for each image, for each row and column, if masked add (x̂ - x)². */
function explicit(x: Float32Array, xHat: Float32Array, mask: Float32Array, n: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let r = 0; r < 28; r++) {
      for (let c = 0; c < 28; c++) {
        const p = r * 28 + c;
        const m = mask.length === 784 ? mask[p] : mask[i * 784 + p];
        if (m === 0) s += (xHat[i * 784 + p] - x[i * 784 + p]) ** 2;
      }
    }
    out.push(s);
  }
  return out;
}

describe('maskedSquaredErrors (M-MSE)', () => {
  it('a hand example: only masked pixels count, and they are summed (not averaged)', () => {
    const x = new Float32Array(784);
    const xHat = new Float32Array(784);
    xHat[14] = 0.5; // row 0, column 14: masked by the right half
    xHat[27] = 0.5; // row 0, column 27: masked
    xHat[28 + 20] = 1; // row 1, column 20: masked
    xHat[0] = 1; // column 0: observed, ignored
    const { perImage, mean } = maskedSquaredErrors(x, xHat, maskFor(PAPER_MASK), 1);
    expect(perImage[0]).toBeCloseTo(0.25 + 0.25 + 1, 12);
    expect(mean).toBeCloseTo(1.5, 12);
  });

  it('matches the explicit loop for a shared mask and for per-image masks, and the mean is over images', () => {
    const rng = createRng(9);
    const n = 8;
    const x = Float32Array.from({ length: n * 784 }, () => (rng.uniform() < 0.2 ? 1 : 0));
    const xHat = Float32Array.from({ length: n * 784 }, () => rng.uniform());
    for (const mask of [maskFor(PAPER_MASK), maskFor({ kind: 'random', fraction: 0.3, seed: 1 }),
      Float32Array.from({ length: n * 784 }, () => (rng.uniform() < 0.5 ? 0 : 1))]) {
      const got = maskedSquaredErrors(x, xHat, mask, n);
      const want = explicit(x, xHat, mask, n);
      got.perImage.forEach((v, i) => expect(v).toBeCloseTo(want[i], 4));
      expect(got.mean).toBeCloseTo(want.reduce((a, b) => a + b, 0) / n, 4);
    }
  });

  it('is 0 for a perfect completion and at most the number of masked pixels', () => {
    const x = Float32Array.from({ length: 784 }, (_, p) => p % 3 === 0 ? 1 : 0);
    expect(maskedSquaredErrors(x, x, maskFor(PAPER_MASK), 1).mean).toBe(0);
    const worst = x.map((v) => 1 - v);
    expect(maskedSquaredErrors(x, worst, maskFor(PAPER_MASK), 1).mean).toBe(392);
  });
});

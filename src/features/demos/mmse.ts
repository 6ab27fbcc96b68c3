/**
 * M-MSE, the paper's pattern-completion metric (Ororbia & Kifer 2022, §2.3; shared reference §3):
 *   M-MSE(x, x̂, m) = ((x̂ - x) ⊙ (1 - m))^T ((x̂ - x) ⊙ (1 - m))
 * per image: the SUM of squared errors over the masked pixels (not a mean). The paper labels it
 * "nats", but it is a sum of squares, not a log-likelihood. We average it over the shown images.
 */
import { PIXELS } from '@/features/demos/masks';

/**
 * @param x originals, [n, 784]; @param xHat completions, [n, 784]
 * @param mask 1 = observed, [784] (shared) or [n, 784]
 * @returns per-image sums over masked pixels, [n], and their mean over the n images
 */
export function maskedSquaredErrors(x: Float32Array, xHat: Float32Array, mask: Float32Array, n: number): { perImage: number[]; mean: number } {
  const shared = mask.length === PIXELS;
  const perImage: number[] = [];
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let p = 0; p < PIXELS; p++) {
      const unobserved = 1 - mask[shared ? p : i * PIXELS + p];
      const e = (xHat[i * PIXELS + p] - x[i * PIXELS + p]) * unobserved;
      s += e * e;
    }
    perImage.push(s);
  }
  const mean = n > 0 ? perImage.reduce((a, b) => a + b, 0) / n : NaN;
  return { perImage, mean };
}

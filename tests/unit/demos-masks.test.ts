/** The completion demo's masks against explicit pixel definitions (pixel p = row * 28 + col; 1 = observed). */
import { describe, expect, it } from 'vitest';
import { applyMask, boxRange, describeMask, maskedCount, maskFor, PAPER_MASK, PIXELS, SIDE } from '@/features/demos/masks';

const at = (m: Float32Array, r: number, c: number) => m[r * SIDE + c];

describe('demo masks', () => {
  it("right half (the paper's): columns 14-27 masked, 0-13 observed, in every row", () => {
    const m = maskFor(PAPER_MASK);
    expect(m.length).toBe(784);
    for (let r = 0; r < 28; r++) for (let c = 0; c < 28; c++) expect(at(m, r, c)).toBe(c >= 14 ? 0 : 1);
    expect(maskedCount(m)).toBe(392);
    expect(describeMask(PAPER_MASK)).toContain('columns 14-27');
  });

  it('bottom half: rows 14-27 masked', () => {
    const m = maskFor({ kind: 'bottom-half' });
    for (let r = 0; r < 28; r++) for (let c = 0; c < 28; c++) expect(at(m, r, c)).toBe(r >= 14 ? 0 : 1);
  });

  it('random: round(f * 784) pixels masked, reproducible from the seed, different for another seed', () => {
    for (const f of [0.05, 0.25, 0.5, 0.8, 0.95]) {
      const m = maskFor({ kind: 'random', fraction: f, seed: 3 });
      expect(maskedCount(m)).toBe(Math.round(f * PIXELS));
      expect(Math.abs(maskedCount(m) / PIXELS - f)).toBeLessThanOrEqual(0.5 / PIXELS + 1e-12);
      expect(m.every((v) => v === 0 || v === 1)).toBe(true);
    }
    const a = maskFor({ kind: 'random', fraction: 0.5, seed: 7 });
    const b = maskFor({ kind: 'random', fraction: 0.5, seed: 7 });
    const c = maskFor({ kind: 'random', fraction: 0.5, seed: 8 });
    expect(Array.from(a)).toEqual(Array.from(b));
    expect(Array.from(a)).not.toEqual(Array.from(c));
    // spread over the image, not a block: each half holds roughly half of the masked pixels
    const left = Array.from({ length: 28 * 14 }, (_, i) => at(a, Math.floor(i / 14), i % 14)).filter((v) => v === 0).length;
    expect(left / maskedCount(a)).toBeGreaterThan(0.4);
    expect(left / maskedCount(a)).toBeLessThan(0.6);
  });

  it('box: a centered size x size square; even sizes exactly centered', () => {
    for (const size of [4, 12, 14, 24]) {
      const m = maskFor({ kind: 'box', size });
      const first = (28 - size) / 2;
      for (let r = 0; r < 28; r++) {
        for (let c = 0; c < 28; c++) {
          const inside = r >= first && r < first + size && c >= first && c < first + size;
          expect(at(m, r, c)).toBe(inside ? 0 : 1);
        }
      }
      expect(maskedCount(m)).toBe(size * size);
      // centroid of the masked pixels (pixel centers) is the image center
      let sr = 0;
      let sc = 0;
      for (let p = 0; p < 784; p++) if (m[p] === 0) { sr += Math.floor(p / 28) + 0.5; sc += (p % 28) + 0.5; }
      expect(sr / (size * size)).toBeCloseTo(14, 10);
      expect(sc / (size * size)).toBeCloseTo(14, 10);
    }
    expect(boxRange(5)).toEqual([11, 16]); // odd: as centered as whole pixels allow
    expect(describeMask({ kind: 'box', size: 12 })).toContain('8-19');
  });

  it('brush: the painted mask is used as given; applyMask zeroes the masked pixels of every image', () => {
    const painted = new Float32Array(784).fill(1);
    painted[5] = 0;
    painted[700] = 0;
    expect(Array.from(maskFor({ kind: 'brush', mask: painted }))).toEqual(Array.from(painted));
    const x = new Float32Array(2 * 784).fill(1);
    const xm = applyMask(x, painted, 2);
    expect([xm[5], xm[700], xm[784 + 5], xm[784 + 700]]).toEqual([0, 0, 0, 0]);
    expect(xm.reduce((s, v) => s + v, 0)).toBe(2 * 782);
    const perImage = new Float32Array(2 * 784).fill(1);
    perImage[784 + 9] = 0;
    const xm2 = applyMask(x, perImage, 2);
    expect([xm2[9], xm2[784 + 9]]).toEqual([1, 0]);
  });
});

/** The drawing pad's brush, binarization and centering, and the rate-distortion smoothing. */
import { describe, expect, it } from 'vitest';
import { binarize, centerByMass, inkCount, stamp, strokeSegment } from '@/features/demos/draw';
import { RD_MIN_STEPS, segmentMean } from '@/features/demos/rd-points';

describe('drawing pad', () => {
  it('a stroke binarized at 0.5 is about 3 pixels wide and continuous', () => {
    const img = new Float32Array(784);
    strokeSegment(img, 4, 14, 24, 14); // horizontal, through row 13/14 boundary
    const b = binarize(img);
    expect(b.every((v) => v === 0 || v === 1)).toBe(true);
    for (let c = 5; c < 23; c++) {
      const column = Array.from({ length: 28 }, (_, r) => b[r * 28 + c]).reduce((s, v) => s + v, 0);
      expect(column).toBeGreaterThanOrEqual(2);
      expect(column).toBeLessThanOrEqual(3);
    }
    expect(inkCount(b)).toBeGreaterThan(35);
  });

  it('stamp keeps values in [0, 1] (max-combined, not summed)', () => {
    const img = new Float32Array(784);
    for (let k = 0; k < 10; k++) stamp(img, 14, 14);
    expect(Math.max(...img)).toBeLessThanOrEqual(1);
  });

  it('centerByMass moves the center of mass to within half a pixel of the middle', () => {
    const img = new Float32Array(784);
    for (let r = 2; r < 8; r++) for (let c = 1; c < 5; c++) img[r * 28 + c] = 1;
    const out = centerByMass(img);
    let m = 0, sx = 0, sy = 0;
    out.forEach((v, p) => { m += v; sx += v * ((p % 28) + 0.5); sy += v * (Math.floor(p / 28) + 0.5); });
    expect(m).toBe(24);
    expect(Math.abs(sx / m - 14)).toBeLessThanOrEqual(0.5);
    expect(Math.abs(sy / m - 14)).toBeLessThanOrEqual(0.5);
  });
});

describe('rate-distortion points', () => {
  const steps = Array.from({ length: 100 }, (_, i) => i);
  const history = { steps, terms: { kl: steps.map((s) => (s < 60 ? 10 : 20)), recon: steps.map((s) => (s < 60 ? 100 : 80)) } };
  it('averages the last 50 steps of the segment', () => {
    expect(segmentMean(history, 'kl', 0)).toEqual({ rate: (10 * 10 + 20 * 40) / 50, distortion: (100 * 10 + 80 * 40) / 50, steps: 50 });
    expect(segmentMean(history, 'kl', 60)).toEqual({ rate: 20, distortion: 80, steps: 40 });
  });
  it('gives no point for a segment shorter than the minimum, or a missing term', () => {
    expect(segmentMean(history, 'kl', 100 - RD_MIN_STEPS + 1)).toBeNull();
    expect(segmentMean(history, 'reg', 0)).toBeNull();
    expect(segmentMean(null, 'kl', 0)).toBeNull();
  });
});

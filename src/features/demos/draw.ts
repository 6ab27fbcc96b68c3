/**
 * The drawing pad's pixels: a soft round brush stamped along the pointer's path on a 28 x 28
 * grid (values in [0, 1], max-combined), binarized at 0.5 the way the MNIST assets are, and
 * optionally shifted so the center of mass sits at the image center, as in MNIST.
 */
import { PIXELS, SIDE } from '@/features/demos/masks';

/** Gaussian brush width in pixels: the binarized stroke is about 2 * 1.18 * sigma ≈ 3 px wide. */
export const BRUSH_SIGMA = 1.2;

/** Stamps a soft dot centered at (x, y) in pixel units (pixel centers at i + 0.5). */
export function stamp(img: Float32Array, x: number, y: number, sigma = BRUSH_SIGMA, value = 1): void {
  const r = Math.ceil(3 * sigma);
  const c0 = Math.floor(x);
  const r0 = Math.floor(y);
  for (let row = Math.max(0, r0 - r); row <= Math.min(SIDE - 1, r0 + r); row++) {
    for (let col = Math.max(0, c0 - r); col <= Math.min(SIDE - 1, c0 + r); col++) {
      const d2 = (col + 0.5 - x) ** 2 + (row + 0.5 - y) ** 2;
      const v = value * Math.exp(-d2 / (2 * sigma * sigma));
      const p = row * SIDE + col;
      if (v > img[p]) img[p] = v;
    }
  }
}

/** Stamps along the segment (x0, y0) -> (x1, y1) every quarter pixel. */
export function strokeSegment(img: Float32Array, x0: number, y0: number, x1: number, y1: number, sigma = BRUSH_SIGMA): void {
  const steps = Math.max(1, Math.ceil(Math.hypot(x1 - x0, y1 - y0) * 4));
  for (let s = 0; s <= steps; s++) stamp(img, x0 + ((x1 - x0) * s) / steps, y0 + ((y1 - y0) * s) / steps, sigma);
}

/** 1 where img >= 0.5, else 0. */
export function binarize(img: Float32Array): Float32Array {
  return img.map((v) => (v >= 0.5 ? 1 : 0));
}

/** Number of pixels at 1 (of a binarized image). */
export function inkCount(img: Float32Array): number {
  let n = 0;
  for (let p = 0; p < img.length; p++) if (img[p] >= 0.5) n++;
  return n;
}

/**
 * Shifts the image by whole pixels so that its center of mass is as close as possible to the
 * image center (14, 14), pixel (row, col) covering [col, col + 1) x [row, row + 1); pixels
 * pushed off the edge are lost.
 */
export function centerByMass(img: Float32Array): Float32Array {
  let m = 0;
  let sx = 0;
  let sy = 0;
  for (let p = 0; p < PIXELS; p++) {
    m += img[p];
    sx += img[p] * ((p % SIDE) + 0.5);
    sy += img[p] * (Math.floor(p / SIDE) + 0.5);
  }
  if (m === 0) return img.slice();
  const dx = Math.round(SIDE / 2 - sx / m);
  const dy = Math.round(SIDE / 2 - sy / m);
  const out = new Float32Array(PIXELS);
  for (let r = 0; r < SIDE; r++) {
    for (let c = 0; c < SIDE; c++) {
      const r2 = r + dy;
      const c2 = c + dx;
      if (r2 >= 0 && r2 < SIDE && c2 >= 0 && c2 < SIDE) out[r2 * SIDE + c2] = img[r * SIDE + c];
    }
  }
  return out;
}

/**
 * Draws 28x28 grayscale digits on a canvas: row r holds rows[r], side by side.
 * Values are Bernoulli means in [0, 1]; 1 is drawn dark (ink on paper).
 */
import { digitTile, sizeCanvas } from '@/viz/tile';

const SIDE = 28;

/**
 * @param canvas target; its size is set here
 * @param rows each [n, 784], all with the same n
 * @param scale screen pixels per image pixel
 */
export function renderDigitRows(canvas: HTMLCanvasElement, rows: Float32Array[], n: number, scale = 2, gap = 2): void {
  const width = n * (SIDE * scale + gap) - gap;
  const height = rows.length * (SIDE * scale + gap) - gap;
  sizeCanvas(canvas, width, height);
  const ctx = canvas.getContext('2d');
  if (!ctx) return;
  ctx.fillStyle = '#ffffff';
  ctx.fillRect(0, 0, width, height);
  const img = ctx.createImageData(SIDE, SIDE);
  const tctx = digitTile(SIDE);
  ctx.imageSmoothingEnabled = false;
  rows.forEach((data, r) => {
    for (let i = 0; i < n; i++) {
      for (let p = 0; p < SIDE * SIDE; p++) {
        const v = Math.min(1, Math.max(0, data[i * SIDE * SIDE + p]));
        const shade = Math.round(255 * (1 - v));
        img.data[4 * p] = shade;
        img.data[4 * p + 1] = shade;
        img.data[4 * p + 2] = shade;
        img.data[4 * p + 3] = 255;
      }
      tctx.putImageData(img, 0, 0);
      ctx.drawImage(tctx.canvas, i * (SIDE * scale + gap), r * (SIDE * scale + gap), SIDE * scale, SIDE * scale);
    }
  });
}

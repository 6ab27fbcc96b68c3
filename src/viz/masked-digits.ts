/**
 * Rows of 28 x 28 digits on a canvas, with an optional mask: in a 'masked' row the masked
 * pixels are tinted (the model does not see them); in a 'filled' row the masked pixels are
 * drawn in blue ink (what the model filled in) and observed pixels in black. 1 = dark ink.
 */
import { digitTile, sizeCanvas } from '@/viz/tile';

const SIDE = 28;
const D = SIDE * SIDE;
/** Tint of masked pixels: a light Okabe-Ito sky blue. */
const MASK_TINT: [number, number, number] = [204, 231, 247];
/** Ink of filled-in pixels: Okabe-Ito blue. */
const FILL_INK: [number, number, number] = [0, 114, 178];

export interface DigitRow {
  /** [n, 784] values in [0, 1]. */
  images: Float32Array;
  /** 1 = observed; [784] shared or [n, 784]; null for a plain row. */
  mask: Float32Array | null;
  style: 'plain' | 'masked' | 'filled';
}

export interface MaskedRowsOptions {
  /** Screen pixels per image pixel. */
  scale: number;
  gap?: number;
  /** Faint lines between pixels (for the big editing views). */
  grid?: boolean;
}

/** The RGB of one pixel. */
export function pixelColor(v: number, observed: boolean, style: DigitRow['style']): [number, number, number] {
  const a = Math.min(1, Math.max(0, Number.isFinite(v) ? v : 0));
  if (!observed && style === 'masked') return MASK_TINT;
  const ink = !observed && style === 'filled' ? FILL_INK : [0, 0, 0];
  return [0, 1, 2].map((c) => Math.round(255 + (ink[c] - 255) * a)) as [number, number, number];
}

export function renderMaskedRows(canvas: HTMLCanvasElement, rows: DigitRow[], n: number, o: MaskedRowsOptions): void {
  const gap = o.gap ?? 4;
  const tileSide = SIDE * o.scale;
  sizeCanvas(canvas, Math.max(1, n * (tileSide + gap) - gap), Math.max(1, rows.length * (tileSide + gap) - gap));
  const ctx = canvas.getContext('2d');
  if (!ctx) return;
  ctx.fillStyle = '#ffffff';
  ctx.fillRect(0, 0, canvas.width, canvas.height);
  const img = ctx.createImageData(SIDE, SIDE);
  const tctx = digitTile(SIDE);
  ctx.imageSmoothingEnabled = false;
  rows.forEach((row, r) => {
    const shared = row.mask !== null && row.mask.length === D;
    for (let i = 0; i < n; i++) {
      for (let p = 0; p < D; p++) {
        const observed = row.mask === null || row.mask[shared ? p : i * D + p] >= 0.5;
        const [cr, cg, cb] = pixelColor(row.images[i * D + p], observed, row.style);
        img.data[4 * p] = cr;
        img.data[4 * p + 1] = cg;
        img.data[4 * p + 2] = cb;
        img.data[4 * p + 3] = 255;
      }
      tctx.putImageData(img, 0, 0);
      const left = i * (tileSide + gap);
      const top = r * (tileSide + gap);
      ctx.drawImage(tctx.canvas, left, top, tileSide, tileSide);
      if (o.grid) {
        ctx.strokeStyle = 'rgba(87, 96, 106, 0.15)';
        ctx.lineWidth = 1;
        for (let k = 0; k <= SIDE; k++) {
          ctx.beginPath();
          ctx.moveTo(left + k * o.scale + 0.5, top);
          ctx.lineTo(left + k * o.scale + 0.5, top + tileSide);
          ctx.moveTo(left, top + k * o.scale + 0.5);
          ctx.lineTo(left + tileSide, top + k * o.scale + 0.5);
          ctx.stroke();
        }
      }
    }
  });
}

/**
 * The decoded latent grid on canvas: n x n digits decoded from a 2-D grid of codes, tiles
 * touching, with the code value of every other column and row on the axes. Plain arrays in;
 * no React or tfjs. Values are Bernoulli means in [0, 1], drawn dark on white.
 */
const SIDE = 28;
const D = SIDE * SIDE;

export interface ManifoldOptions {
  /** [n * n, 784], tiles in reading order (row 0 is the top row). */
  images: Float32Array;
  /** Code values of the columns (left to right) and of the rows (bottom to top). */
  xs: number[];
  ys: number[];
  /** CSS pixels per image pixel. */
  scale: number;
  xLabel: string;
  yLabel: string;
  dpr?: number;
}

const MARGIN = { left: 46, bottom: 36, top: 6, right: 8 };

/** Draws the grid; @returns the number of tiles drawn. */
export function renderManifold(canvas: HTMLCanvasElement, o: ManifoldOptions): number {
  const n = o.xs.length;
  const rows = o.ys.length;
  const tile = SIDE * o.scale;
  const width = MARGIN.left + n * tile + MARGIN.right;
  const height = MARGIN.top + rows * tile + MARGIN.bottom;
  const dpr = o.dpr ?? 1;
  canvas.width = Math.round(width * dpr);
  canvas.height = Math.round(height * dpr);
  canvas.style.width = `${width}px`;
  const ctx = canvas.getContext('2d');
  if (!ctx) return 0;
  ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
  ctx.fillStyle = '#ffffff';
  ctx.fillRect(0, 0, width, height);

  const off = document.createElement('canvas');
  off.width = n * SIDE;
  off.height = rows * SIDE;
  const octx = off.getContext('2d')!;
  const img = octx.createImageData(n * SIDE, rows * SIDE);
  let drawn = 0;
  for (let t = 0; t < n * rows && (t + 1) * D <= o.images.length; t++) {
    const r0 = Math.floor(t / n) * SIDE;
    const c0 = (t % n) * SIDE;
    for (let p = 0; p < D; p++) {
      const v = o.images[t * D + p];
      const shade = Math.round(255 * (1 - Math.min(1, Math.max(0, Number.isFinite(v) ? v : 0))));
      const at = 4 * ((r0 + Math.floor(p / SIDE)) * n * SIDE + c0 + (p % SIDE));
      img.data[at] = shade;
      img.data[at + 1] = shade;
      img.data[at + 2] = shade;
      img.data[at + 3] = 255;
    }
    drawn++;
  }
  octx.putImageData(img, 0, 0);
  ctx.imageSmoothingEnabled = false;
  ctx.drawImage(off, MARGIN.left, MARGIN.top, n * tile, rows * tile);
  ctx.strokeStyle = '#d0d7de';
  ctx.strokeRect(MARGIN.left - 0.5, MARGIN.top - 0.5, n * tile + 1, rows * tile + 1);

  ctx.fillStyle = '#57606a';
  ctx.font = '10px system-ui, sans-serif';
  const fmt = (v: number) => (Math.abs(v) >= 10 ? v.toFixed(0) : Math.abs(v) >= 1 ? v.toFixed(1) : v.toFixed(2));
  ctx.textAlign = 'center';
  ctx.textBaseline = 'top';
  const bottom = MARGIN.top + rows * tile;
  for (let c = 0; c < n; c += 2) ctx.fillText(fmt(o.xs[c]), MARGIN.left + (c + 0.5) * tile, bottom + 3);
  ctx.font = '11px system-ui, sans-serif';
  ctx.fillText(o.xLabel, MARGIN.left + (n * tile) / 2, bottom + 19);
  ctx.font = '10px system-ui, sans-serif';
  ctx.textAlign = 'right';
  ctx.textBaseline = 'middle';
  for (let r = 0; r < rows; r += 2) ctx.fillText(fmt(o.ys[r]), MARGIN.left - 4, MARGIN.top + (rows - r - 0.5) * tile);
  ctx.save();
  ctx.translate(10, MARGIN.top + (rows * tile) / 2);
  ctx.rotate(-Math.PI / 2);
  ctx.textAlign = 'center';
  ctx.font = '11px system-ui, sans-serif';
  ctx.fillText(o.yLabel, 0, 0);
  ctx.restore();
  return drawn;
}

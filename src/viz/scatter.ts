/**
 * The latent-space scatter on canvas (1,000+ points redrawn while training): each test code is
 * drawn as its digit in the digit's color (shape and color both carry the label, so it reads
 * without color vision), hollow circles for reference samples (the prior), a star for one
 * highlighted point (the user's drawing). Axes with ticks; plain arrays in, no React or tfjs.
 */
import * as d3 from 'd3';

/**
 * Ten colors for the digits 0-9: the nine Okabe-Ito colors (with grey) plus Paul Tol's
 * "wine" (#882255), all distinguishable with the common forms of color blindness.
 */
export const DIGIT_COLORS = [
  '#E69F00', '#56B4E9', '#009E73', '#F0E442', '#0072B2', '#D55E00', '#CC79A7', '#999999', '#000000', '#882255',
] as const;

export interface ScatterOptions {
  /** CSS pixels; the canvas gets devicePixelRatio times as many. */
  width: number;
  height: number;
  /** [n, 2] coordinates. */
  points: Float32Array;
  /** [n] class of each point, 0-9. */
  labels: ArrayLike<number>;
  /** [m, 2] hollow reference markers (e.g. prior samples), or null. */
  hollow: Float32Array | null;
  /** One starred point, or null. */
  star: [number, number] | null;
  xLabel: string;
  yLabel: string;
  /** Device pixel ratio (1 in tests). */
  dpr?: number;
}

/** A symmetric-ish domain covering every coordinate, padded 6%. */
function domain(values: number[]): [number, number] {
  const finite = values.filter(Number.isFinite);
  if (!finite.length) return [-1, 1];
  const [lo, hi] = d3.extent(finite) as [number, number];
  const pad = Math.max(1e-6, (hi - lo) * 0.06);
  return [lo - pad, hi + pad];
}

/** Draws the scatter; @returns the number of points drawn. */
export function renderScatter(canvas: HTMLCanvasElement, o: ScatterOptions): number {
  const dpr = o.dpr ?? 1;
  canvas.width = Math.round(o.width * dpr);
  canvas.height = Math.round(o.height * dpr);
  const ctx = canvas.getContext('2d');
  if (!ctx) return 0;
  ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
  ctx.fillStyle = '#ffffff';
  ctx.fillRect(0, 0, o.width, o.height);

  const xs: number[] = [];
  const ys: number[] = [];
  const add = (arr: Float32Array | null) => {
    if (!arr) return;
    for (let i = 0; i + 1 < arr.length; i += 2) {
      xs.push(arr[i]);
      ys.push(arr[i + 1]);
    }
  };
  add(o.points);
  add(o.hollow);
  if (o.star) add(Float32Array.from(o.star));
  // The left margin fits the widest y tick label (codes can be tiny, e.g. "-0.004").
  ctx.font = '11px system-ui, sans-serif';
  const yTicks = d3.scaleLinear().domain(domain(ys)).nice();
  const widest = Math.max(...yTicks.ticks(6).map((t) => ctx.measureText(yTicks.tickFormat(6)(t)).width));
  const m = { top: 8, right: 10, bottom: 36, left: Math.max(36, Math.ceil(widest) + 26) };
  const w = o.width - m.left - m.right;
  const h = o.height - m.top - m.bottom;
  const x = d3.scaleLinear().domain(domain(xs)).range([m.left, m.left + w]).nice();
  const y = yTicks.range([m.top + h, m.top]);

  // Axes: frame, zero lines, ticks and labels.
  ctx.strokeStyle = '#d0d7de';
  ctx.lineWidth = 1;
  ctx.strokeRect(m.left + 0.5, m.top + 0.5, w, h);
  ctx.setLineDash([3, 3]);
  const [x0, x1] = x.domain();
  const [y0, y1] = y.domain();
  if (x0 < 0 && x1 > 0) line(ctx, x(0), m.top, x(0), m.top + h);
  if (y0 < 0 && y1 > 0) line(ctx, m.left, y(0), m.left + w, y(0));
  ctx.setLineDash([]);
  ctx.fillStyle = '#57606a';
  ctx.font = '11px system-ui, sans-serif';
  ctx.textAlign = 'center';
  ctx.textBaseline = 'top';
  const xCount = Math.max(3, Math.floor(w / 70)); // ~70 px per tick label
  for (const t of x.ticks(xCount)) {
    line(ctx, x(t), m.top + h, x(t), m.top + h + 4);
    ctx.fillText(x.tickFormat(xCount)(t), x(t), m.top + h + 6);
  }
  ctx.fillText(o.xLabel, m.left + w / 2, m.top + h + 21);
  ctx.textAlign = 'right';
  ctx.textBaseline = 'middle';
  for (const t of y.ticks(6)) {
    line(ctx, m.left - 4, y(t), m.left, y(t));
    ctx.fillText(y.tickFormat(6)(t), m.left - 6, y(t));
  }
  ctx.save();
  ctx.translate(11, m.top + h / 2);
  ctx.rotate(-Math.PI / 2);
  ctx.textAlign = 'center';
  ctx.fillText(o.yLabel, 0, 0);
  ctx.restore();

  ctx.save();
  ctx.beginPath();
  ctx.rect(m.left, m.top, w, h);
  ctx.clip();
  // Reference samples first (underneath): hollow circles.
  if (o.hollow) {
    ctx.strokeStyle = 'rgba(27, 31, 36, 0.55)';
    ctx.lineWidth = 1;
    for (let i = 0; i + 1 < o.hollow.length; i += 2) {
      ctx.beginPath();
      ctx.arc(x(o.hollow[i]), y(o.hollow[i + 1]), 3, 0, 2 * Math.PI);
      ctx.stroke();
    }
  }
  // Codes: the digit itself, in its color (yellow gets a dark outline to stay visible on white).
  ctx.font = 'bold 10px system-ui, sans-serif';
  ctx.textAlign = 'center';
  ctx.textBaseline = 'middle';
  ctx.lineWidth = 0.6;
  ctx.strokeStyle = '#5c5500';
  const n = Math.min(o.labels.length, Math.floor(o.points.length / 2));
  for (let i = 0; i < n; i++) {
    const label = o.labels[i];
    const px = x(o.points[2 * i]);
    const py = y(o.points[2 * i + 1]);
    ctx.fillStyle = DIGIT_COLORS[label] ?? '#000';
    ctx.fillText(String(label), px, py);
    if (label === 3) ctx.strokeText(String(label), px, py);
  }
  if (o.star) drawStar(ctx, x(o.star[0]), y(o.star[1]), 9);
  ctx.restore();
  return n;
}

function line(ctx: CanvasRenderingContext2D, ax: number, ay: number, bx: number, by: number): void {
  ctx.beginPath();
  ctx.moveTo(ax, ay);
  ctx.lineTo(bx, by);
  ctx.stroke();
}

/** A five-pointed star with a white halo, for the highlighted point. */
function drawStar(ctx: CanvasRenderingContext2D, cx: number, cy: number, r: number): void {
  ctx.beginPath();
  for (let k = 0; k < 10; k++) {
    const rad = k % 2 === 0 ? r : r * 0.45;
    const a = -Math.PI / 2 + (k * Math.PI) / 5;
    ctx.lineTo(cx + rad * Math.cos(a), cy + rad * Math.sin(a));
  }
  ctx.closePath();
  ctx.lineWidth = 3;
  ctx.strokeStyle = '#ffffff';
  ctx.stroke();
  ctx.fillStyle = '#D55E00';
  ctx.fill();
  ctx.lineWidth = 1.2;
  ctx.strokeStyle = '#1b1f24';
  ctx.stroke();
}

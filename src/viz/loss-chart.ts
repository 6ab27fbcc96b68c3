/**
 * The loss-terms chart: one line per named term over training steps. A renderer in the
 * playground's style: it takes an SVG element and plain numbers, and imports no React or tfjs.
 */
import * as d3 from 'd3';

export interface Series {
  key: string;
  label: string;
  color: string;
  /** SVG stroke-dasharray ('' or absent: solid), so that lines differ without color. */
  dash?: string;
  values: number[];
}

export interface LossChartOptions {
  width: number;
  height: number;
  yLabel: string;
  logScale: boolean;
  /** Key of the series to draw thicker (hovered in the legend). */
  highlight: string | null;
  /** The history's merged entries (bins), if any: they weigh by their steps. */
  merged?: MergedEntries;
}

/** At most this many points per line: each is the mean of a bucket of steps. */
const MAX_POINTS = 400;

/**
 * Merged entries at the front of the arrays (a bounded loss history's bins): entry i < counts.length
 * covers the steps firsts[i]..steps[i], counts[i] of them, and its value is their mean.
 */
export interface MergedEntries {
  counts: number[];
  firsts: number[];
}

/**
 * Means over equal buckets of steps (by step, not by entry: merged entries and single steps mix),
 * so that long runs draw fast and read smoothly. An entry goes to the bucket of its middle step and
 * weighs by its number of steps.
 * @returns points [step, value]: per bucket, the step-weighted mean step and mean value
 */
export function bucketMeans(steps: number[], values: number[], maxPoints = MAX_POINTS, merged?: MergedEntries): [number, number][] {
  const n = Math.min(steps.length, values.length);
  if (n === 0) return [];
  const nm = Math.min(n, merged?.counts.length ?? 0);
  const first = (i: number) => (i < nm ? merged!.firsts[i] : steps[i]);
  const count = (i: number) => (i < nm ? merged!.counts[i] : 1);
  const start = first(0);
  const size = Math.max(1, Math.ceil((steps[n - 1] - start + 1) / maxPoints));
  const out: [number, number][] = [];
  let bucket = -1;
  let w = 0;
  let sx = 0;
  let sv = 0;
  for (let i = 0; i < n; i++) {
    const mid = (first(i) + steps[i]) / 2;
    const b = Math.floor((mid - start) / size);
    if (b !== bucket && w > 0) {
      out.push([sx / w, sv / w]);
      w = sx = sv = 0;
    }
    bucket = b;
    // bucket mean = Σ c_i·v_i / Σ c_i over its entries (c_i steps each, v_i their mean)
    const c = count(i);
    w += c;
    sx += c * mid;
    sv += c * values[i];
  }
  out.push([sx / w, sv / w]);
  return out;
}

/** Draws (or redraws) the chart into `svg`. */
export function renderLossChart(svg: SVGSVGElement, steps: number[], series: Series[], o: LossChartOptions): void {
  const margin = { top: 10, right: 12, bottom: 34, left: 56 };
  const w = o.width - margin.left - margin.right;
  const h = o.height - margin.top - margin.bottom;
  const root = d3.select(svg).attr('viewBox', `0 0 ${o.width} ${o.height}`).attr('width', o.width).attr('height', o.height);
  root.selectAll('*').remove();
  const g = root.append('g').attr('transform', `translate(${margin.left},${margin.top})`);

  const lines = series.map((s) => ({ ...s, points: bucketMeans(steps, s.values, MAX_POINTS, o.merged) }));
  const all = lines.flatMap((l) => l.points.map((p) => p[1])).filter((v) => Number.isFinite(v) && (!o.logScale || v > 0));
  const lastStep = steps.length ? steps[steps.length - 1] : 1;
  const x = d3.scaleLinear().domain([0, Math.max(1, lastStep)]).range([0, w]);
  const [lo, hi] = all.length ? (d3.extent(all) as [number, number]) : [0, 1];
  const y = o.logScale
    ? d3.scaleLog().domain([Math.max(lo, 1e-3), Math.max(hi, lo * 1.1, 1e-2)]).range([h, 0]).nice()
    : d3.scaleLinear().domain([Math.min(0, lo), hi === lo ? hi + 1 : hi]).range([h, 0]).nice();

  g.append('g').attr('transform', `translate(0,${h})`).call(d3.axisBottom(x).ticks(6, 's'));
  g.append('g').call(o.logScale ? d3.axisLeft(y).ticks(5, '~s') : d3.axisLeft(y).ticks(6));
  g.append('text').attr('x', w / 2).attr('y', h + 30).attr('text-anchor', 'middle').attr('class', 'axis-label').text('training step');
  g.append('text').attr('transform', 'rotate(-90)').attr('x', -h / 2).attr('y', -44).attr('text-anchor', 'middle')
    .attr('class', 'axis-label').text(o.yLabel);

  const line = d3.line<[number, number]>()
    .defined((p) => Number.isFinite(p[1]) && (!o.logScale || p[1] > 0))
    .x((p) => x(p[0]))
    .y((p) => y(p[1]));
  for (const l of lines) {
    g.append('path')
      .attr('fill', 'none')
      .attr('stroke', l.color)
      .attr('stroke-dasharray', l.dash || null)
      .attr('stroke-width', o.highlight === l.key ? 3 : 1.6)
      .attr('opacity', o.highlight && o.highlight !== l.key ? 0.35 : 1)
      .attr('data-key', l.key)
      .attr('d', line(l.points));
  }
}

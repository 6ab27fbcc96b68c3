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
}

/** At most this many points per line: each is the mean of a bucket of steps. */
const MAX_POINTS = 400;

/**
 * Means over equal buckets of steps, so that long runs draw fast and read smoothly.
 * @returns points [step, value] (bucket centres)
 */
export function bucketMeans(steps: number[], values: number[], maxPoints = MAX_POINTS): [number, number][] {
  const n = Math.min(steps.length, values.length);
  const size = Math.max(1, Math.ceil(n / maxPoints));
  const out: [number, number][] = [];
  for (let start = 0; start < n; start += size) {
    const end = Math.min(n, start + size);
    let s = 0;
    for (let i = start; i < end; i++) s += values[i];
    out.push([(steps[start] + steps[end - 1]) / 2, s / (end - start)]);
  }
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

  const lines = series.map((s) => ({ ...s, points: bucketMeans(steps, s.values) }));
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

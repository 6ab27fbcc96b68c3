/**
 * GNCN-PDH's settling: the error energy of each layer (e0, e1, e2) after each of the K steps,
 * with the step on show marked. D3 into an SVG; plain arrays in.
 */
import * as d3 from 'd3';

export interface EnergySeries {
  key: string;
  label: string;
  color: string;
  /** SVG stroke-dasharray ('' or absent: solid), so that lines differ without color. */
  dash?: string;
  /** One value per step 1..K. */
  values: number[];
}

export interface EnergyChartOptions {
  width: number;
  height: number;
  /** 1-based step to mark, or null. */
  current: number | null;
  yLabel: string;
}

/** Draws the chart; a log y axis when every value is positive (the layers differ by decades). */
export function renderEnergyChart(svg: SVGSVGElement, series: EnergySeries[], o: EnergyChartOptions): void {
  const margin = { top: 8, right: 12, bottom: 32, left: 52 };
  const w = o.width - margin.left - margin.right;
  const h = o.height - margin.top - margin.bottom;
  const root = d3.select(svg).attr('viewBox', `0 0 ${o.width} ${o.height}`).attr('width', o.width).attr('height', o.height);
  root.selectAll('*').remove();
  const g = root.append('g').attr('transform', `translate(${margin.left},${margin.top})`);
  const K = Math.max(1, ...series.map((s) => s.values.length));
  const all = series.flatMap((s) => s.values).filter(Number.isFinite);
  const log = all.length > 0 && all.every((v) => v > 0);
  const [lo, hi] = all.length ? (d3.extent(all) as [number, number]) : [0, 1];
  const x = d3.scaleLinear().domain([1, Math.max(2, K)]).range([0, w]);
  const y = log
    ? d3.scaleLog().domain([lo, hi > lo ? hi : lo * 10]).range([h, 0]).nice()
    : d3.scaleLinear().domain([Math.min(0, lo), hi > lo ? hi : lo + 1]).range([h, 0]).nice();
  g.append('g').attr('transform', `translate(0,${h})`).call(d3.axisBottom(x).ticks(Math.min(K, 8)).tickFormat(d3.format('d')));
  g.append('g').call(log ? d3.axisLeft(y).ticks(4, '~s') : d3.axisLeft(y).ticks(5));
  g.append('text').attr('x', w / 2).attr('y', h + 28).attr('text-anchor', 'middle').attr('class', 'axis-label').text('settling step k');
  g.append('text').attr('transform', 'rotate(-90)').attr('x', -h / 2).attr('y', -40).attr('text-anchor', 'middle')
    .attr('class', 'axis-label').text(o.yLabel + (log ? ' (log scale)' : ''));
  const line = d3.line<number>().defined((v) => Number.isFinite(v) && (!log || v > 0)).x((_, i) => x(i + 1)).y((v) => y(v));
  for (const s of series) {
    g.append('path').attr('fill', 'none').attr('stroke', s.color).attr('stroke-dasharray', s.dash || null).attr('stroke-width', 1.8).attr('data-key', s.key).attr('d', line(s.values));
  }
  if (o.current !== null) {
    g.append('line').attr('x1', x(o.current)).attr('x2', x(o.current)).attr('y1', 0).attr('y2', h)
      .attr('stroke', '#1b1f24').attr('stroke-dasharray', '4 3').attr('data-role', 'current');
    for (const s of series) {
      const v = s.values[o.current - 1];
      if (Number.isFinite(v) && (!log || v > 0)) g.append('circle').attr('cx', x(o.current)).attr('cy', y(v)).attr('r', 3.5).attr('fill', s.color);
    }
  }
}

/**
 * The rate-distortion plane: one point per setting value of a run (x: rate, the KL in nats or
 * the RAE's R; y: distortion, the reconstruction BCE in nats per image), labelled with the
 * value, joined in the order they were visited. D3 into an SVG; plain numbers in.
 */
import * as d3 from 'd3';

export interface RdPoint {
  x: number;
  y: number;
  /** Shown beside the point, e.g. "β = 0.5". */
  label: string;
  /** The live point (drawn filled and larger). */
  current: boolean;
}

export interface RdChartOptions {
  width: number;
  height: number;
  xLabel: string;
  yLabel: string;
}

export function renderRdChart(svg: SVGSVGElement, points: RdPoint[], o: RdChartOptions): void {
  const margin = { top: 12, right: 16, bottom: 36, left: 56 };
  const w = o.width - margin.left - margin.right;
  const h = o.height - margin.top - margin.bottom;
  const root = d3.select(svg).attr('viewBox', `0 0 ${o.width} ${o.height}`).attr('width', o.width).attr('height', o.height);
  root.selectAll('*').remove();
  const g = root.append('g').attr('transform', `translate(${margin.left},${margin.top})`);
  const ok = points.filter((p) => Number.isFinite(p.x) && Number.isFinite(p.y));
  // 10% margins; a bound at 0 stays at 0 (rates are >= 0).
  const pad = (lo: number, hi: number): [number, number] => {
    const d = hi - lo || Math.abs(hi) * 0.1 || 1;
    return [lo === 0 ? 0 : lo - 0.1 * d, hi + 0.1 * d];
  };
  const [xlo, xhi] = ok.length ? (d3.extent(ok, (p) => p.x) as [number, number]) : [0, 1];
  const [ylo, yhi] = ok.length ? (d3.extent(ok, (p) => p.y) as [number, number]) : [0, 1];
  const x = d3.scaleLinear().domain(pad(Math.min(0, xlo), xhi)).range([0, w]).nice();
  const y = d3.scaleLinear().domain(pad(ylo, yhi)).range([h, 0]).nice();
  g.append('g').attr('transform', `translate(0,${h})`).call(d3.axisBottom(x).ticks(6));
  g.append('g').call(d3.axisLeft(y).ticks(6));
  g.append('text').attr('x', w / 2).attr('y', h + 31).attr('text-anchor', 'middle').attr('class', 'axis-label').text(o.xLabel);
  g.append('text').attr('transform', 'rotate(-90)').attr('x', -h / 2).attr('y', -44).attr('text-anchor', 'middle')
    .attr('class', 'axis-label').text(o.yLabel);
  if (ok.length > 1) {
    g.append('path').attr('fill', 'none').attr('stroke', '#999999').attr('stroke-dasharray', '3 3')
      .attr('d', d3.line<RdPoint>().x((p) => x(p.x)).y((p) => y(p.y))(ok));
  }
  const dots = g.selectAll('g.rd-point').data(ok).join('g').attr('class', 'rd-point')
    .attr('transform', (p) => `translate(${x(p.x)},${y(p.y)})`);
  dots.append('circle').attr('r', (p) => (p.current ? 5.5 : 4))
    .attr('fill', (p) => (p.current ? '#0072B2' : '#ffffff')).attr('stroke', '#0072B2').attr('stroke-width', 1.8);
  // Labels of points in the right half go to their left, so they stay inside the plot.
  const right = (p: RdPoint) => x(p.x) > w / 2;
  dots.append('text').attr('x', (p) => (right(p) ? -7 : 7)).attr('y', -6).attr('text-anchor', (p) => (right(p) ? 'end' : 'start'))
    .attr('font-size', 11).attr('fill', '#1b1f24').text((p) => p.label);
}

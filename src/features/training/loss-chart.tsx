import { useEffect, useRef, useState } from 'react';
import type { TermSpec, TermValues } from '@/core/models/types';
import { stepsCovered, type LossHistory } from '@/core/train/trainer';
import { renderLossChart } from '@/viz/loss-chart';
import { LineSwatch } from '@/components/line-swatch';
import { useThrottled } from '@/components/use-throttled';
import { termColor, termDash } from '@/viz/palette';

const UNIT_LABEL = { nats: 'nats per image', energy: 'energy per image', 'squared norm': 'squared norm' } as const;

/** The D3 chart of the model's named terms, with a legend that shows units and latest values. */
export function LossChart({ terms, history, version, latest, highlight: highlightProp, onHighlight }: {
  terms: readonly TermSpec[];
  history: LossHistory | null;
  version: number;
  latest: TermValues | null;
  /** Controlled highlight, shared with the derivation; internal state when omitted. */
  highlight?: string | null;
  onHighlight?: (key: string | null) => void;
}) {
  const svgRef = useRef<SVGSVGElement>(null);
  const boxRef = useRef<HTMLDivElement>(null);
  const [logScale, setLogScale] = useState(false);
  const [ownHighlight, setOwnHighlight] = useState<string | null>(null);
  // Only a key of this chart highlights (another chart's key would dim every line here).
  const wanted = highlightProp !== undefined ? highlightProp : ownHighlight;
  const highlight = wanted && terms.some((t) => t.key === wanted) ? wanted : null;
  const setHighlight = onHighlight ?? setOwnHighlight;
  const [width, setWidth] = useState(560);

  useEffect(() => {
    const el = boxRef.current;
    if (!el) return;
    const ro = new ResizeObserver(() => setWidth(Math.max(280, Math.min(900, el.clientWidth))));
    ro.observe(el);
    return () => ro.disconnect();
  }, []);

  const units = [...new Set(terms.map((t) => t.unit))];
  useEffect(() => {
    if (!svgRef.current) return;
    const steps = history?.steps ?? [];
    const series = terms.map((t, i) => ({
      key: t.key, label: t.label, color: termColor(t.key, i), dash: termDash(t.key, i), values: history?.terms[t.key] ?? [],
    }));
    renderLossChart(svgRef.current, steps, series, {
      width, height: 260, yLabel: units.map((u) => UNIT_LABEL[u]).join(' / '), logScale, highlight, merged: history?.bins,
    });
  }, [terms, history, version, width, logScale, highlight, units.join()]);

  // Steps the chart covers (the history merges old steps into bins, so its length stops growing).
  const n = history ? stepsCovered(history) : 0;
  // The text screen readers get, with the latest numbers; refreshed at most every 3 s.
  const summary = useThrottled(latest
    ? `Loss chart over ${n} steps. Latest: ${terms.map((t) => `${t.label} ${latest[t.key]?.toFixed(2)} ${t.unit} per image`).join('; ')}.`
    : 'Loss chart: no training steps yet.', 3000);
  return (
    <figure className="card chart" ref={boxRef}>
      <figcaption>
        <span>Training terms (per training batch)</span>
        <label className="inline">
          <input type="checkbox" checked={logScale} onChange={(e) => setLogScale(e.target.checked)} /> log scale
        </label>
      </figcaption>
      <svg ref={svgRef} role="img" aria-label={summary} data-testid="loss-chart" data-points={n} />
      <ul className="legend">
        {terms.map((t, i) => (
          <li key={t.key} onMouseEnter={() => setHighlight(t.key)} onMouseLeave={() => setHighlight(null)}
            onFocus={() => setHighlight(t.key)} onBlur={() => setHighlight(null)} tabIndex={0} title={t.description}>
            <LineSwatch color={termColor(t.key, i)} dash={termDash(t.key, i)} />
            {t.label}: <strong data-testid={`term-${t.key}`}>{latest ? latest[t.key]?.toFixed(2) : '–'}</strong> {t.unit}/image
          </li>
        ))}
      </ul>
    </figure>
  );
}

/** <CompareChart>: one term of a side-by-side run over the lockstep steps, one line per arm. */
import { useEffect, useRef } from 'react';
import type { TermSpec } from '@/core/models/types';
import { stepsCovered, type LossHistory } from '@/core/train/trainer';
import { renderLossChart } from '@/viz/loss-chart';

const UNIT = { nats: 'nats per image', energy: 'energy per image', 'squared norm': 'squared norm' } as const;

/**
 * One term over the lockstep steps, one line per arm (the arms' steps are the same, so one
 * x axis serves all). Redrawn when the run's history version moves (at most every readback).
 * @param keys each arm's key for the term (GNCN-PDH calls its BCE "bce", the others "recon")
 */
export function CompareChart({ term, keys, histories, labels, colors, version, width }: {
  term: TermSpec;
  keys: string[];
  histories: LossHistory[];
  labels: string[];
  colors: string[];
  version: number;
  width: number;
}) {
  const svg = useRef<SVGSVGElement>(null);
  useEffect(() => {
    if (!svg.current) return;
    const series = histories.map((h, a) => ({ key: String(a), label: labels[a], color: colors[a], values: h.terms[keys[a]] ?? [] }));
    renderLossChart(svg.current, histories[0]?.steps ?? [], series, {
      width, height: 200, yLabel: UNIT[term.unit], logScale: false, highlight: null, merged: histories[0]?.bins,
    });
  }, [histories, labels, colors, version, width, term, keys]);
  const last = histories.map((h, a) => h.terms[keys[a]]?.at(-1));
  const covered = histories[0] ? stepsCovered(histories[0]) : 0; // the history merges old steps into bins
  const summary = `${term.label} over ${covered} lockstep steps: ` +
    labels.map((l, a) => `${l} ${last[a] !== undefined ? last[a]!.toFixed(2) : '–'}`).join(', ') + ` ${UNIT[term.unit]}.`;
  return (
    <figure className="compare-chart">
      <figcaption><span>{term.label}</span></figcaption>
      <svg ref={svg} role="img" aria-label={summary} data-testid={`compare-chart-${term.key}`} data-points={covered} />
      <ul className="legend">
        {labels.map((l, a) => (
          <li key={a}><span className="swatch" style={{ background: colors[a] }} />{l}: <strong>{last[a] !== undefined ? last[a]!.toFixed(2) : '–'}</strong> {UNIT[term.unit]}</li>
        ))}
      </ul>
    </figure>
  );
}

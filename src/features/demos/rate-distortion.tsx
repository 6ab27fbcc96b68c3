import { useEffect, useRef, useState } from 'react';
import type { ModelKind } from '@/core/models/types';
import { useSession } from '@/hooks/use-session';
import { formatSetting } from '@/features/demos/format';
import { RD_AXES, RD_SKIP, RD_WINDOW, segmentMean, type RdSample } from '@/features/demos/rd-points';
import { useWidth } from '@/features/demos/use-width';
import { renderRdChart, type RdPoint } from '@/viz/rd-chart';

interface Kept extends RdSample {
  value: number;
}

/**
 * The current run in the rate-distortion plane: each time the swept setting (β, σ² or λ)
 * changes, the point of the value just left is kept (means over its last 50 steps).
 * Points are plain numbers keyed by model kind and start over when the model kind changes.
 */
export function RateDistortion() {
  const { snap } = useSession();
  const box = useRef<HTMLElement>(null);
  const svg = useRef<SVGSVGElement>(null);
  const width = useWidth(box, 260, 560, 480);
  const kind = snap.model?.kind as ModelKind | undefined;
  const axis = kind ? RD_AXES[kind] : undefined;
  const value = axis ? (snap.settings[axis.setting] as number) : NaN;
  const [kept, setKept] = useState<{ kind: ModelKind | undefined; points: Kept[] }>({ kind, points: [] });
  // The segment of the history taken at the current value: steps >= from.
  const segment = useRef({ model: snap.model, value, from: 0 });

  if (segment.current.model !== snap.model) {
    segment.current = { model: snap.model, value, from: 0 }; // a rebuilt model: a fresh history
  }
  useEffect(() => {
    if (kept.kind !== kind) setKept({ kind, points: [] });
  }, [kind, kept.kind]);
  useEffect(() => {
    const seg = segment.current;
    if (!axis || seg.value === value || Number.isNaN(value)) return;
    const done = segmentMean(snap.history, axis.rateKey, seg.from);
    const last = snap.history?.steps.at(-1) ?? -1;
    if (done) setKept((k) => ({ kind, points: [...(k.kind === kind ? k.points : []), { ...done, value: seg.value }] }));
    segment.current = { model: snap.model, value, from: last + 1 + RD_SKIP };
  }, [value]);

  const now = axis ? segmentMean(snap.history, axis.rateKey, segment.current.from) : null;
  const points: RdPoint[] = axis
    ? [
        ...(kept.kind === kind ? kept.points : []).map((p) => ({ x: p.rate, y: p.distortion, label: `${axis.symbol} = ${formatSetting(axis.setting, p.value)}`, current: false })),
        ...(now ? [{ x: now.rate, y: now.distortion, label: `${axis.symbol} = ${formatSetting(axis.setting, value)} (now)`, current: true }] : []),
      ]
    : [];
  useEffect(() => {
    if (svg.current && axis) renderRdChart(svg.current, points, { width, height: Math.round(width * 0.62), xLabel: axis.rateLabel, yLabel: axis.distortionLabel });
  }); // cheap: a handful of points, redrawn with each readback

  if (!axis) {
    return (
      <figure className="card" ref={box} data-testid="rate-distortion">
        <figcaption>Rate-distortion plane</figcaption>
        <p className="note">GNCN-PDH has no rate term (no KL and no code penalty in its objective), so it has no point in this plane; pick GVAE, GVAE-CV or RAE.</p>
      </figure>
    );
  }
  const summary = points.length
    ? `Rate-distortion plane: ${points.map((p) => `${p.label}: rate ${p.x.toFixed(2)}, distortion ${p.y.toFixed(1)} nats per image`).join('; ')}.`
    : 'Rate-distortion plane: no point yet; train a few steps.';
  return (
    <figure className="card chart" ref={box} data-testid="rate-distortion">
      <figcaption><span>Rate-distortion plane ({axis.symbol} sweep)</span></figcaption>
      <svg ref={svg} role="img" aria-label={summary} data-points={points.length} />
      <p className="note">
        Change {axis.symbol} in the settings while training: the point of the value you leave stays (mean over its last {RD_WINDOW} training
        batches; the first {RD_SKIP} steps after a change are skipped). Filled: the current value. Training-batch values.
        {kind === 'rae' && ' The RAE has no rate in nats: its x axis is the unweighted regularizer R.'}
        {kind === 'gvae-cv' && ' With σ² fixed, the KL is ½‖μ‖² plus a constant that depends on σ².'}
      </p>
      <button type="button" onClick={() => setKept({ kind, points: [] })} disabled={!kept.points.length}>Clear kept points</button>
    </figure>
  );
}

import { useEffect, useRef, useState } from 'react';
import type { Trajectory } from '@/session/model-queries';
import { renderEnergyChart } from '@/viz/energy-chart';
import { renderMaskedRows } from '@/viz/masked-digits';
import { LineSwatch } from '@/components/line-swatch';
import { termColor, termDash } from '@/viz/palette';

const FRAME_MS = 160;
const LAYERS = [
  { key: 'e0', label: 'e⁰ (pixels)' },
  { key: 'e1', label: 'e¹' },
  { key: 'e2', label: 'e²' },
];

/**
 * GNCN-PDH's completion as it settles: µ⁰ after step k for each digit, a scrubber over the K
 * steps (with play), and the per-layer error energy over the steps with step k marked.
 */
export function SettlingPlayer({ trajectory, n, mask }: { trajectory: Trajectory; n: number; mask: Float32Array }) {
  const { K, energies, frames } = trajectory;
  const [step, setStep] = useState(K);
  const [playing, setPlaying] = useState(false);
  const canvas = useRef<HTMLCanvasElement>(null);
  const svg = useRef<SVGSVGElement>(null);
  const k = Math.min(Math.max(1, step), K);

  useEffect(() => {
    if (!playing) return;
    const id = window.setInterval(() => setStep((s) => {
      if (s >= K) {
        setPlaying(false);
        return K;
      }
      return s + 1;
    }), FRAME_MS);
    return () => window.clearInterval(id);
  }, [playing, K]);

  useEffect(() => {
    if (!canvas.current) return;
    const frame = frames.subarray((k - 1) * n * 784, k * n * 784);
    renderMaskedRows(canvas.current, [{ images: frame, mask, style: 'filled' }], n, { scale: 2 });
  }, [frames, k, n, mask]);

  const series = LAYERS.map((l, j) => ({
    key: l.key, label: l.label, color: termColor(l.key, j), dash: termDash(l.key, j), values: Array.from({ length: K }, (_, i) => energies[i * 3 + j]),
  }));
  useEffect(() => {
    if (svg.current) renderEnergyChart(svg.current, series, { width: 360, height: 170, current: k, yLabel: 'energy per image' });
  });

  const at = (j: number) => energies[(k - 1) * 3 + j];
  const summary = `Error energy after step ${k} of ${K}: ${LAYERS.map((l, j) => `${l.label} ${at(j).toFixed(2)}`).join(', ')} (squared error per image).`;
  return (
    <div className="settling" data-testid="settling">
      <h4>Settling, step by step (Eq. 19)</h4>
      <canvas ref={canvas} className="pixels" role="img" data-testid="settling-frame" data-step={k}
        aria-label={`µ⁰, the network's prediction of every pixel, after settling step ${k} of ${K}, for the ${n} masked digits.`} />
      <div className="scrubber">
        <button type="button" onClick={() => { if (k >= K) setStep(1); setPlaying(!playing); }}>{playing ? 'Stop the animation' : 'Animate settling'}</button>
        <label htmlFor="settle-step">Step</label>
        <input id="settle-step" type="range" min={1} max={K} step={1} value={k} data-testid="settling-scrubber"
          aria-valuetext={`step ${k} of ${K}`} onChange={(e) => { setPlaying(false); setStep(Number(e.target.value)); }} />
        <span>{k} / {K}</span>
      </div>
      <svg ref={svg} role="img" aria-label={summary} data-testid="energy-chart" />
      <ul className="legend">
        {series.map((s, j) => (
          <li key={s.key}><LineSwatch color={s.color} dash={s.dash} />{s.label}: <strong>{at(j).toFixed(2)}</strong> per image</li>
        ))}
      </ul>
      <p className="note">
        Frames show µ⁰ = sigmoid(W¹φ(z¹) + M²φ(z²)) after each step, blue where pixels are masked. The completion itself reads the
        masked pixels of z⁰, which Eq. 19 moves toward µ⁰ by β e⁰ each step (a running average of µ⁰). Energies: ‖eˡ‖², squared error summed
        over the layer's units, mean over the {n} digits (not precision-weighted).
      </p>
    </div>
  );
}

/** Number formats shared by the demos. */

/** "31%" from 0.312. */
export const pct = (f: number): string => `${Math.round(f * 100)}%`;

/** A setting value as it is shown on its slider: β 0.50, σ² 0.250, λ 1.0e-3. */
export function formatSetting(key: 'klWeight' | 'sigma2' | 'lambda', v: number): string {
  if (key === 'lambda') return v.toExponential(1);
  if (key === 'sigma2') return v < 0.1 ? v.toPrecision(2) : v.toFixed(3).replace(/0+$/, '').replace(/\.$/, '');
  return v.toFixed(2);
}

/** "1.2 s" or "340 ms". */
export const duration = (ms: number): string => (ms >= 1000 ? `${(ms / 1000).toFixed(1)} s` : `${Math.round(ms)} ms`);

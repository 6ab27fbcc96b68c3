/** Medians and spread of repeated measurements. */

export interface Spread {
  median: number;
  min: number;
  max: number;
  /** Every repeat, in the order measured. */
  values: number[];
}

export function spread(values: number[]): Spread {
  if (values.length === 0) return { median: NaN, min: NaN, max: NaN, values: [] };
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  const median = s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
  return { median, min: s[0], max: s[s.length - 1], values };
}

/** e.g. "412 (388–430)" with `digits` decimals. */
export function fmtSpread(x: Spread | undefined, digits = 0, scale = 1): string {
  if (!x || !Number.isFinite(x.median)) return '–';
  const f = (v: number) => (v * scale).toFixed(digits);
  return x.values.length > 1 ? `${f(x.median)} (${f(x.min)}–${f(x.max)})` : f(x.median);
}

/**
 * Pure helpers for putting live term values into the math: number formatting (text and TeX),
 * filling a step's {{key}} template, and splitting prose into text and $math$ runs.
 */

/** Placeholders of a live template: {{key}}. */
export const PLACEHOLDER = /\{\{([A-Za-z0-9_]+)\}\}/g;

/** @returns the keys a live template uses, in order of appearance (with repeats). */
export function placeholderKeys(template: string): string[] {
  return [...template.matchAll(PLACEHOLDER)].map((m) => m[1]);
}

/**
 * Formats a term value for display: 2 decimals below 100, 1 below 1000, none above;
 * tiny non-zero values in scientific notation.
 * @returns the plain text and the TeX of the same number ("–" / \text{--} when missing)
 */
export function formatValue(v: number | null | undefined): { text: string; tex: string } {
  if (v === null || v === undefined) return { text: '–', tex: '\\text{--}' };
  if (!Number.isFinite(v)) {
    const t = Number.isNaN(v) ? 'NaN' : v > 0 ? '∞' : '−∞';
    return { text: t, tex: Number.isNaN(v) ? '\\text{NaN}' : v > 0 ? '\\infty' : '-\\infty' };
  }
  const a = Math.abs(v);
  if (a !== 0 && a < 0.01) {
    const [m, e] = v.toExponential(2).split('e');
    return { text: `${m}e${e}`, tex: `${m} \\times 10^{${Number(e)}}` };
  }
  const s = v.toFixed(a < 100 ? 2 : a < 1000 ? 1 : 0);
  return { text: s, tex: s };
}

/**
 * Fills a live template: each {{key}} becomes the value colored like the term's curve, boxed
 * when the key is highlighted. Colors are hex strings (#RRGGBB), which KaTeX accepts without trust.
 */
export function fillLive(
  template: string,
  values: Readonly<Record<string, number>> | null,
  colorOf: (key: string) => string,
  highlight: string | null = null,
): string {
  return template.replace(PLACEHOLDER, (_m, key: string) => {
    const color = colorOf(key);
    if (!/^#[0-9A-Fa-f]{6}$/.test(color)) throw new Error(`fillLive: color "${color}" of ${key} is not #RRGGBB`);
    const body = `\\textcolor{${color}}{${formatValue(values ? values[key] : null).tex}}`;
    return key === highlight ? `\\boxed{${body}}` : body;
  });
}

/** A run of prose: plain text, or inline math (the part between two dollar signs). */
export interface Run {
  math: boolean;
  s: string;
}

/**
 * Splits prose into text and $math$ runs.
 * @throws Error when the dollar signs are unbalanced (content error, caught by the tests)
 */
export function splitMath(text: string): Run[] {
  const parts = text.split('$');
  if (parts.length % 2 === 0) throw new Error(`unbalanced $ in: ${text.slice(0, 60)}`);
  return parts.map((s, i) => ({ math: i % 2 === 1, s })).filter((r) => r.s !== '');
}

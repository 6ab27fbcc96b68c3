/**
 * Okabe-Ito colors: distinguishable with the common forms of color blindness.
 * Each term key keeps its color and its line style everywhere (chart, legend, math); text in a
 * term's color uses a darker shade of it that reads at 4.5:1 (WCAG AA).
 */
export const OKABE_ITO = ['#0072B2', '#E69F00', '#009E73', '#CC79A7', '#D55E00', '#56B4E9', '#000000', '#F0E442'] as const;

const TERM_COLORS: Record<string, string> = {
  recon: '#0072B2',
  kl: '#E69F00',
  negElbo: '#000000',
  reg: '#CC79A7',
  loss: '#000000',
  l2: '#56B4E9',
  bce: '#0072B2',
  energy: '#000000',
  e0: '#D55E00',
  e1: '#009E73',
  e2: '#CC79A7',
};

/** @returns the fixed color of a term, or a palette color by position. */
export function termColor(key: string, index: number): string {
  return TERM_COLORS[key] ?? OKABE_ITO[index % OKABE_ITO.length];
}

/**
 * Line styles (SVG stroke-dasharray; '' = solid), so that the curves of one chart differ without
 * color too: totals solid, reconstruction dashed, rate / regularizer dotted (GNCN-PDH's e0, e1, e2: dash-dot, dashed, dotted).
 */
const DASHES = ['', '6 3', '2 3', '8 3 2 3'] as const;
const TERM_DASH: Record<string, string> = {
  negElbo: '', loss: '', energy: '', recon: '6 3', bce: '6 3', kl: '2 3', reg: '2 3', l2: '2 3', e0: '8 3 2 3', e1: '6 3', e2: '2 3',
};

/** @returns the fixed line style of a term, or one by position. */
export function termDash(key: string, index: number): string {
  return TERM_DASH[key] ?? DASHES[index % DASHES.length];
}

/** WCAG relative luminance of #RRGGBB. */
export function luminance(hex: string): number {
  const c = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16) / 255).map((v) => (v <= 0.04045 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4));
  return 0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2];
}

/** WCAG contrast ratio of two #RRGGBB colors (1 to 21). */
export function contrastRatio(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
}

/**
 * The color darkened (same hue, channels scaled toward black) until text in it reaches `min`
 * contrast on `background`; unchanged when it already does. Curves keep the palette color;
 * numbers written in a term's color use this.
 */
export function readableOn(hex: string, background = '#ddf4ff', min = 4.5): string {
  const rgb = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16));
  let out = hex;
  for (let f = 1; f > 0 && contrastRatio(out, background) < min; f -= 0.02) {
    out = `#${rgb.map((v) => Math.round(v * f).toString(16).padStart(2, '0')).join('')}`;
  }
  return out;
}

/** @returns black or white, whichever reads better on the background color `hex` (a legend chip). */
export function textOn(hex: string): '#000000' | '#ffffff' {
  return contrastRatio('#000000', hex) >= contrastRatio('#ffffff', hex) ? '#000000' : '#ffffff';
}

/** @returns the term's color for text (numbers in the legend and the math): readable on the page's light backgrounds. */
export function termTextColor(key: string, index: number): string {
  return readableOn(termColor(key, index));
}

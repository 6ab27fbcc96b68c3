/**
 * Okabe-Ito colors: distinguishable with the common forms of color blindness.
 * Each term key keeps its color everywhere (chart, legend, math).
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

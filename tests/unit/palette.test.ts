/**
 * The palette is color-blind safe and readable: each chart's curves differ by line style as
 * well as color, and numbers written in a term's color reach WCAG AA contrast. Contrast is
 * checked against published reference values.
 */
import { describe, expect, it } from 'vitest';
import { GVAE_TERMS } from '@/core/models/gaussian-vae';
import { CV_VAE_TERMS } from '@/core/models/constant-variance-vae';
import { GNCN_PDH_TERMS } from '@/core/models/gncn-pdh';
import { raeTermSpecs } from '@/core/models/regularized-ae';
import { contrastRatio, OKABE_ITO, readableOn, termColor, termDash, termTextColor, textOn } from '@/viz/palette';
import { DIGIT_COLORS } from '@/viz/scatter';

describe('palette', () => {
  it('computes WCAG contrast like the reference values', () => {
    expect(contrastRatio('#000000', '#ffffff')).toBeCloseTo(21, 6);
    expect(contrastRatio('#ffffff', '#ffffff')).toBeCloseTo(1, 6);
    expect(contrastRatio('#767676', '#ffffff')).toBeCloseTo(4.54, 2); // the lightest grey that passes AA on white
    expect(contrastRatio('#777777', '#ffffff')).toBeCloseTo(4.48, 2);
  });

  it('each chart of each model tells its curves apart by line style, not only by color', () => {
    const lists = [GVAE_TERMS, CV_VAE_TERMS, GNCN_PDH_TERMS, raeTermSpecs('decoder-l2'), raeTermSpecs('all-l2'), raeTermSpecs('ghosh')];
    for (const terms of lists) {
      for (const unit of new Set(terms.map((t) => t.unit))) {
        const chart = terms.filter((t) => t.unit === unit);
        const idx = (k: string) => terms.findIndex((t) => t.key === k);
        const styles = chart.map((t) => `${termDash(t.key, idx(t.key))}`);
        expect(new Set(styles).size, chart.map((t) => t.key).join()).toBe(chart.length);
      }
    }
    expect(new Set(['e0', 'e1', 'e2'].map((k, i) => termDash(k, i))).size).toBe(3); // the settling energies
  });

  it('text in a term color reads at 4.5:1 on the page backgrounds and keeps the hue', () => {
    for (const c of [...OKABE_ITO, ...['recon', 'kl', 'reg', 'e0', 'e1', 'e2'].map((k) => termColor(k, 0))]) {
      const t = readableOn(c);
      for (const bg of ['#ffffff', '#f6f8fa', '#ddf4ff']) expect(contrastRatio(t, bg), `${c} -> ${t} on ${bg}`).toBeGreaterThanOrEqual(4.5);
      const rgb = (h: string) => [1, 3, 5].map((i) => parseInt(h.slice(i, i + 2), 16));
      const [a, b] = [rgb(c), rgb(t)];
      // Same hue: the darker shade is the color scaled toward black (channel ratios kept to rounding).
      const f = Math.max(...b) / Math.max(1, ...a);
      a.forEach((v, i) => expect(Math.abs(v * f - b[i])).toBeLessThanOrEqual(1.5));
    }
    expect(readableOn('#000000')).toBe('#000000'); // already readable: unchanged
    expect(termTextColor('kl', 1)).not.toBe(termColor('kl', 1)); // Okabe-Ito orange is too light for text
  });
});

describe('legend chips', () => {
  it('every digit color carries black or white text at 4.5:1', () => {
    for (const c of DIGIT_COLORS) expect(contrastRatio(textOn(c), c), c).toBeGreaterThanOrEqual(4.5);
  });
});

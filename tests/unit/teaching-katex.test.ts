/**
 * <Tex> and its options: trust stays off (no links, no HTML attributes from TeX), MathML is kept,
 * the shared macros expand, and a broken source renders as red text on the page instead of throwing.
 */
import { describe, expect, it } from 'vitest';
import katex from 'katex';
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { renderTex, Tex, TEX_MACROS, TEX_OPTIONS } from '@/components/tex';

const ATTACKS = [
  '\\href{javascript:alert(1)}{x}',
  '\\url{javascript:alert(1)}',
  '\\htmlData{onclick=alert(1)}{x}',
  '\\htmlClass{evil}{x}',
  '\\htmlId{evil}{x}',
  '\\htmlStyle{background:url(x)}{x}',
  '\\includegraphics{https://example.com/x.png}',
];
/** Signs that TeX produced a live link, an image or an HTML attribute of its own. */
const INJECTED = /<a[\s>]|\shref=|<img[\s>]|\sdata-onclick=|\sclass="[^"]*evil|\sid="evil"|style="background:url/;

describe('trust is off', () => {
  it('the page options say trust false, htmlAndMathml, strict warn', () => {
    expect(TEX_OPTIONS.trust).toBe(false);
    expect(TEX_OPTIONS.output).toBe('htmlAndMathml');
    expect(TEX_OPTIONS.strict).toBe('warn');
    expect(TEX_OPTIONS.throwOnError).toBe(false);
  });

  it.each(ATTACKS)('%s produces no link or attribute (page options and throwOnError)', (src) => {
    const page = renderTex(src);
    expect(page).not.toMatch(INJECTED);
    let strict: string;
    try {
      strict = renderTex(src, { throwOnError: true });
    } catch (e) {
      strict = String(e); // refusing is fine too
    }
    expect(strict).not.toMatch(INJECTED);
    const component = renderToStaticMarkup(createElement(Tex, { src }));
    expect(component).not.toMatch(INJECTED);
  });

  it('the check can fail: with trust on, KaTeX does emit the link and the attribute', () => {
    const opts = { trust: true, strict: false as const, throwOnError: true };
    expect(katex.renderToString(ATTACKS[0], opts)).toMatch(INJECTED);
    expect(katex.renderToString(ATTACKS[2], opts)).toMatch(INJECTED);
  });
});

describe('<Tex>', () => {
  it('expands the shared macros and keeps MathML', () => {
    for (const m of Object.keys(TEX_MACROS)) {
      expect(() => renderTex(`${m}`, { throwOnError: true }), m).not.toThrow();
    }
    const html = renderTex('\\KL(q\\,\\|\\,p) = \\E_q[\\log q - \\log p], \\quad \\N(0, I)', { throwOnError: true });
    expect(html).toContain('<math');
    expect(html).toContain('KL');
    expect(html).toContain('mathvariant="double-struck">E<');
  });

  it('renders inline as a span and display math as a div', () => {
    expect(renderToStaticMarkup(createElement(Tex, { src: 'x^2' }))).toMatch(/^<span class="tex"/);
    const d = renderToStaticMarkup(createElement(Tex, { src: 'x^2', display: true }));
    expect(d).toMatch(/^<div class="tex tex-display"/);
    expect(d).toContain('katex-display');
  });

  it('shows a broken source in red text instead of throwing', () => {
    const html = renderToStaticMarkup(createElement(Tex, { src: '\\frac{1}{' }));
    expect(html).toContain('katex-error');
    expect(html).toContain('#cc0000');
    expect(html).toContain('\\frac{1}{');
  });

  it('does not let one formula\'s \\gdef leak into the next (fresh macros per call)', () => {
    renderTex('\\gdef\\leaky{1} \\leaky', { throwOnError: true });
    expect(() => renderTex('\\leaky', { throwOnError: true })).toThrow();
  });
});

/**
 * <Tex>: KaTeX rendered to a string once per source (useMemo), with the app's options.
 *
 * Options (ux-anchors §4): trust OFF (no \href, \url, \includegraphics, \html*), output
 * 'htmlAndMathml' (the MathML is what screen readers read), strict 'warn', shared macros,
 * bounded expansion. On the page a TeX error shows the source in red instead of crashing;
 * tests call renderTex(src, { throwOnError: true }) so that a broken formula fails CI.
 */
import { useMemo } from 'react';
import katex, { type KatexOptions } from 'katex';
import 'katex/dist/katex.min.css';

/** Macros shared by every formula of the app. */
export const TEX_MACROS: Readonly<Record<string, string>> = {
  '\\KL': '\\mathrm{KL}',
  '\\E': '\\mathbb{E}',
  '\\N': '\\mathcal{N}',
  '\\R': '\\mathbb{R}',
  '\\ELBO': '\\mathcal{L}',
  '\\diag': '\\operatorname{diag}',
  '\\chol': '\\operatorname{chol}',
  '\\relu': '\\operatorname{relu}',
  '\\sigmoid': '\\operatorname{sigmoid}',
  '\\softplus': '\\operatorname{softplus}',
  '\\LSE': '\\operatorname*{logsumexp}',
  '\\given': '\\mid',
};

/** The page's options (a fresh macros copy is passed on every call: KaTeX may write into it). */
export const TEX_OPTIONS: Readonly<Omit<KatexOptions, 'macros'>> & { macros: Readonly<Record<string, string>> } = {
  trust: false,
  output: 'htmlAndMathml',
  strict: 'warn',
  throwOnError: false,
  errorColor: '#cc0000',
  maxExpand: 1000,
  maxSize: 20,
  macros: TEX_MACROS,
};

/**
 * Renders TeX to an HTML string with the page's options.
 * @param opts.throwOnError true in tests (a parse error throws); false on the page (red source)
 * @param opts.displayMode block (display) math instead of inline
 * @throws katex.ParseError only when throwOnError is true
 */
export function renderTex(src: string, opts: { throwOnError?: boolean; displayMode?: boolean } = {}): string {
  return katex.renderToString(src, {
    ...TEX_OPTIONS,
    macros: { ...TEX_MACROS },
    throwOnError: opts.throwOnError ?? TEX_OPTIONS.throwOnError,
    displayMode: opts.displayMode ?? false,
  });
}

/** Inline (default) or display math. A source that cannot be rendered is shown as red text. */
export function Tex({ src, display = false, className }: { src: string; display?: boolean; className?: string }) {
  const html = useMemo(() => {
    try {
      return renderTex(src, { displayMode: display });
    } catch {
      // throwOnError is false, so only a non-parse error lands here: show the source.
      return null;
    }
  }, [src, display]);
  const cls = ['tex', display ? 'tex-display' : '', className ?? ''].filter(Boolean).join(' ');
  if (html === null) {
    return <code className={`${cls} tex-error`} style={{ color: TEX_OPTIONS.errorColor }}>{src}</code>;
  }
  return display
    ? <div className={cls} dangerouslySetInnerHTML={{ __html: html }} />
    : <span className={cls} dangerouslySetInnerHTML={{ __html: html }} />;
}

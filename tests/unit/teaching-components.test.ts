/**
 * The teaching components rendered to static markup (Node, no DOM): what they show on first
 * render, their accessible names, the live values with units, and the show-me wiring.
 */
import { describe, expect, it } from 'vitest';
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import type { ModelKind } from '@/core/models/types';
import { Derivation, StepBody } from '@/features/teaching/derivation';
import { DERIVATIONS } from '@/features/teaching/derivations';
import { EXERCISES, exerciseSteps } from '@/features/teaching/exercise-content';
import { Exercises } from '@/features/teaching/exercises';
import { INTERVIEW } from '@/features/teaching/interview-content';
import { describeSettings, Interview, InterviewCard } from '@/features/teaching/interview';
import { MISCONCEPTIONS } from '@/features/teaching/misconception-content';
import { Misconceptions } from '@/features/teaching/misconceptions';
import { BASE_TERMS } from '@/features/teaching/model-terms';
import { TeachingPanel } from '@/features/teaching/teaching-panel';
import { termColor } from '@/viz/palette';

const MODELS: ModelKind[] = ['gvae', 'gvae-cv', 'rae', 'gncn-pdh'];
const noop = () => {};
/** Static markup with React's text separators removed, so text reads as it shows. */
const markup = (el: Parameters<typeof renderToStaticMarkup>[0]) => renderToStaticMarkup(el).replace(/<!-- -->/g, '');

describe('<Derivation>', () => {
  it.each(MODELS)('%s: first step, "Step 1 of N", named Previous/Next, the model toggle', (model) => {
    const html = markup(createElement(Derivation, { model, latest: null, highlight: null, onHighlight: noop }));
    const n = DERIVATIONS[model].steps.length;
    expect(html).toContain(`Step 1 of ${n}`);
    expect(html).toMatch(/<button[^>]*disabled=""[^>]*aria-label="Previous step"|<button[^>]*aria-label="Previous step"[^>]*disabled=""/);
    expect(html).toContain('aria-label="Next step"');
    expect(html).toContain('aria-keyshortcuts="ArrowRight"');
    expect(html).toContain('aria-pressed="true"');
    expect(html).toContain('log p(x) estimate');
    expect(html).toContain(DERIVATIONS[model].title.replace(/'/g, '&#x27;'));
    expect(html).toContain('<math');
  });

  it('shows each live term with its value, unit and curve color, and boxes the highlighted one', () => {
    for (const model of MODELS) {
      const terms = BASE_TERMS[model];
      const latest = Object.fromEntries(terms.map((t, i) => [t.key, 10 + i]));
      for (const step of DERIVATIONS[model].steps.filter((s) => s.terms?.length)) {
        const key = step.terms![0];
        const html = markup(createElement(StepBody, {
          step, live: { terms, latest, highlight: key, onHighlight: noop },
        }));
        for (const k of step.terms!) {
          const i = terms.findIndex((t) => t.key === k);
          const t = terms[i];
          expect(html, `${model}/${k}`).toContain(`data-term="${k}"`);
          expect(html, `${model}/${k}`).toContain(`${(10 + i).toFixed(2)}</strong>`);
          expect(html, `${model}/${k}`).toContain(t.unit === 'nats' ? 'nats per image' : t.unit === 'energy' ? 'energy per image' : 'squared norm');
          expect(html.toLowerCase(), `${model}/${k}`).toContain(termColor(k, i).toLowerCase());
        }
        expect(html).toMatch(/<li tabindex="0" class="active"[^>]*data-term/);
        if (step.live) expect(html).toContain('boxed');
      }
    }
  });

  it('shows a dash, not a number, before the first readback', () => {
    const step = DERIVATIONS.gvae.steps.find((s) => s.terms?.includes('kl'))!;
    const html = markup(createElement(StepBody, {
      step, live: { terms: BASE_TERMS.gvae, latest: null, highlight: null, onHighlight: noop },
    }));
    expect(html).toContain('–</strong>');
  });
});

describe('<Exercises>', () => {
  it('shows the first step of each exercise and hides the rest behind "Reveal next step"', () => {
    const html = markup(createElement(Exercises));
    for (const ex of EXERCISES) {
      const n = exerciseSteps(ex).length;
      expect(html).toContain(`data-testid="exercise-${ex.id}"`);
      expect(html).toContain(`1 of ${n} steps shown`);
      expect(html).toContain(`Step ${n}: hidden`);
    }
    expect(html.match(/>Reveal next step</g)).toHaveLength(EXERCISES.length);
  });
});

describe('<Interview>', () => {
  it('lists every question with its follow-ups and a named "show me" button', () => {
    const html = markup(createElement(Interview, { onShowMe: noop }));
    for (const it of INTERVIEW) expect(html).toContain(`data-testid="interview-${it.id}"`);
    expect(html.match(/Show me on /g)).toHaveLength(INTERVIEW.length);
    expect(html.match(/<dt>/g)).toHaveLength(2 * INTERVIEW.length);
    expect(html).toContain('aria-describedby=');
  });

  it('describes a card\'s settings with the settings table\'s labels', () => {
    const item = INTERVIEW.find((i) => i.id === 'cv-vs-gvae')!;
    expect(describeSettings(item.showMe.settings)).toBe('Posterior variance σ² = 0.3');
    const html = markup(createElement(InterviewCard, { item, onShowMe: noop }));
    expect(html).toContain('Show me on GVAE-CV');
    expect(html).toContain('Posterior variance σ² = 0.3; starts training.');
  });
});

describe('<Misconceptions> and <TeachingPanel>', () => {
  it('lists every misconception with its verdict and source', () => {
    const html = markup(createElement(Misconceptions));
    for (const m of MISCONCEPTIONS) {
      expect(html).toContain(`data-testid="misconception-${m.id}"`);
      expect(html).toContain(m.source.replace(/'/g, '&#x27;').replace(/"/g, '&quot;'));
    }
  });

  it('the panel mounts all four parts', () => {
    const html = markup(createElement(TeachingPanel, {
      model: 'gncn-pdh', latest: { e0: 40, e1: 3, e2: 1, energy: 44, bce: 70 }, highlight: null, onHighlight: noop, onShowMe: noop,
    }));
    for (const s of ['data-testid="derivation"', 'Derive it yourself', 'Interview questions', 'Common misconceptions']) expect(html).toContain(s);
  });
});

/**
 * <Derivation>: a step-through of a model's derivation (or the shared log p(x) estimator), one
 * formula and one line of reasoning per step, with the model's live term values in the math.
 * Hovering or focusing a live term calls onHighlight(key), so the loss chart can highlight it.
 */
import { useId, useState, type KeyboardEvent } from 'react';
import { Tex } from '@/components/tex';
import type { ModelKind, TermSpec, TermValues } from '@/core/models/types';
import { MODEL_INFO } from '@/features/models/model-info';
import { DERIVATIONS } from '@/features/teaching/derivations';
import { fillLive, formatValue } from '@/features/teaching/live';
import { BASE_TERMS, UNIT_TEXT } from '@/features/teaching/model-terms';
import { RichText } from '@/features/teaching/rich-text';
import type { DerivationId, DerivationStep } from '@/features/teaching/types';
import { termColor, termTextColor } from '@/viz/palette';
import '@/features/teaching/teaching.css';

export interface DerivationProps {
  /** The model whose derivation is shown (the log p(x) estimator is one toggle away). */
  model: ModelKind;
  /** The latest training-batch term values (session snapshot `losses`), or null before the first readback. */
  latest: TermValues | null;
  /** The term key highlighted elsewhere (e.g. the loss chart), or null. */
  highlight: string | null;
  /** Called with a term key on hover/focus of its live value, and with null when it ends. */
  onHighlight: (key: string | null) => void;
  /** The running model's terms (`model.terms`); defaults to the model's base list. */
  terms?: readonly TermSpec[];
  /** Controlled (kept in the link): which derivation and the open step (0-based); internal state when omitted. */
  view?: 'model' | 'logpx';
  onView?: (view: 'model' | 'logpx') => void;
  step?: number;
  onStep?: (step: number) => void;
}

/** The formula, the reasoning line and, with `live`, the live values of one step. */
export function StepBody({ step, live }: {
  step: DerivationStep;
  live?: { terms: readonly TermSpec[]; latest: TermValues | null; highlight: string | null; onHighlight: (key: string | null) => void };
}) {
  return (
    <>
      <Tex src={step.tex} display className="teach-math" />
      <p className="teach-reason"><RichText text={step.text} /></p>
      {live && step.terms && step.terms.length > 0 && <LiveTerms step={step} {...live} />}
    </>
  );
}

function LiveTerms({ step, terms, latest, highlight, onHighlight }: {
  step: DerivationStep;
  terms: readonly TermSpec[];
  latest: TermValues | null;
  highlight: string | null;
  onHighlight: (key: string | null) => void;
}) {
  const colorOf = (key: string) => termColor(key, Math.max(0, terms.findIndex((t) => t.key === key)));
  // Numbers are written in a darker shade of the curve's color that reads at 4.5:1.
  const textColorOf = (key: string) => termTextColor(key, Math.max(0, terms.findIndex((t) => t.key === key)));
  const shown = (step.terms ?? []).map((k) => terms.find((t) => t.key === k)).filter((t): t is TermSpec => !!t);
  return (
    <div className="teach-live">
      {step.live && <Tex src={fillLive(step.live, latest, textColorOf, highlight)} display className="teach-live-math" />}
      <ul className="teach-terms" aria-label="Live values, latest training batch">
        {shown.map((t) => {
          const v = formatValue(latest ? latest[t.key] : null);
          return (
            <li
              key={t.key}
              tabIndex={0}
              className={highlight === t.key ? 'active' : undefined}
              title={t.description}
              data-term={t.key}
              onMouseEnter={() => onHighlight(t.key)}
              onMouseLeave={() => onHighlight(null)}
              onFocus={() => onHighlight(t.key)}
              onBlur={() => onHighlight(null)}
            >
              <span className="swatch" style={{ background: colorOf(t.key) }} aria-hidden="true" />
              {t.label}: <strong style={{ color: textColorOf(t.key) }}>{v.text}</strong> {UNIT_TEXT[t.unit]}
            </li>
          );
        })}
      </ul>
    </div>
  );
}

export function Derivation({ model, latest, highlight, onHighlight, terms, view: viewProp, onView, step: stepProp, onStep }: DerivationProps) {
  const baseId = useId();
  const [ownView, setOwnView] = useState<'model' | 'logpx'>('model');
  const view = viewProp ?? ownView;
  const setView = onView ?? setOwnView;
  const [stepOf, setStepOf] = useState<Partial<Record<DerivationId, number>>>({});
  const [showAll, setShowAll] = useState(false);
  const id: DerivationId = view === 'model' ? model : 'logpx';
  const d = DERIVATIONS[id];
  const n = d.steps.length;
  const i = Math.min(Math.max(0, stepProp ?? stepOf[id] ?? 0), n - 1);
  const go = (k: number) => {
    const next = Math.min(n - 1, Math.max(0, k));
    if (onStep) onStep(next);
    else setStepOf((prev) => ({ ...prev, [id]: next }));
  };
  const step = d.steps[i];
  const part = d.parts.find((p) => p.id === step.part);
  const live = { terms: terms ?? BASE_TERMS[model], latest, highlight, onHighlight };
  const name = MODEL_INFO[model].name;

  const onKeyDown = (e: KeyboardEvent<HTMLElement>) => {
    const tag = (e.target as HTMLElement).tagName;
    if (showAll || tag === 'SELECT' || tag === 'INPUT' || tag === 'TEXTAREA') return;
    if (e.key === 'ArrowRight') { go(i + 1); e.preventDefault(); }
    if (e.key === 'ArrowLeft') { go(i - 1); e.preventDefault(); }
  };

  return (
    <section className="card teach-derivation" aria-labelledby={`${baseId}-title`} onKeyDown={onKeyDown} data-testid="derivation">
      <h3 id={`${baseId}-title`}>{d.title}</h3>
      <div className="teach-toolbar" role="group" aria-label="Which derivation">
        <button type="button" aria-pressed={view === 'model'} onClick={() => setView('model')}>{name} objective</button>
        <button type="button" aria-pressed={view === 'logpx'} onClick={() => setView('logpx')}>log p(x) estimate</button>
        <label className="teach-jump">
          Part{' '}
          <select
            value={step.part}
            onChange={(e) => go(d.steps.findIndex((s) => s.part === e.target.value))}
            disabled={showAll}
          >
            {d.parts.map((p) => <option key={p.id} value={p.id}>{p.title}</option>)}
          </select>
        </label>
        <button type="button" aria-pressed={showAll} onClick={() => setShowAll((v) => !v)}>Show all steps</button>
      </div>

      {showAll ? (
        <ol className="teach-steps">
          {d.steps.map((s, k) => (
            <li key={k}>
              {(k === 0 || d.steps[k - 1].part !== s.part) && (
                <p className="teach-part">{d.parts.find((p) => p.id === s.part)?.title}</p>
              )}
              <StepBody step={s} live={view === 'model' ? live : undefined} />
            </li>
          ))}
        </ol>
      ) : (
        <>
          <div className="teach-nav" role="group" aria-label="Step">
            <button type="button" onClick={() => go(i - 1)} disabled={i === 0} aria-keyshortcuts="ArrowLeft"
              aria-controls={`${baseId}-step`} aria-label="Previous step">Previous</button>
            <span className="teach-count" aria-live="polite" data-testid="derivation-step">
              Step {i + 1} of {n}
            </span>
            <button type="button" onClick={() => go(i + 1)} disabled={i === n - 1} aria-keyshortcuts="ArrowRight"
              aria-controls={`${baseId}-step`} aria-label="Next step">Next</button>
          </div>
          <div className="teach-step" id={`${baseId}-step`}>
            {part && <p className="teach-part">{part.title}</p>}
            <StepBody step={step} live={view === 'model' ? live : undefined} />
          </div>
        </>
      )}
    </section>
  );
}

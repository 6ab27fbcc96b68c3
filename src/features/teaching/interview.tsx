/**
 * <Interview>: interview cards (question, short answer, key formula, two follow-ups) with a
 * "show me" button that hands its action to the caller (the session applies it).
 */
import { useId } from 'react';
import { Tex } from '@/components/tex';
import { MODEL_INFO } from '@/features/models/model-info';
import { INTERVIEW } from '@/features/teaching/interview-content';
import { RichText } from '@/features/teaching/rich-text';
import type { InterviewItem, ShowMeAction } from '@/features/teaching/types';
import { SETTINGS, type SettingKey } from '@/settings/settings';
import '@/features/teaching/teaching.css';

/** "Posterior variance σ² = 0.3, Regularizer R = decoder-l2" for an action's settings. */
export function describeSettings(settings: ShowMeAction['settings']): string {
  return Object.entries(settings ?? {})
    .map(([k, v]) => `${SETTINGS[k as SettingKey]?.label ?? k} = ${v}`)
    .join(', ');
}

export function InterviewCard({ item, onShowMe }: { item: InterviewItem; onShowMe: (action: ShowMeAction) => void }) {
  const id = useId();
  const a = item.showMe;
  const what = [describeSettings(a.settings), a.play ? 'starts training' : ''].filter(Boolean).join('; ');
  return (
    <details className="card teach-card" data-testid={`interview-${item.id}`}>
      <summary>{item.question}</summary>
      <p><RichText text={item.answer} /></p>
      {item.tex && <Tex src={item.tex} display className="teach-math" />}
      <h5>Likely follow-ups</h5>
      <dl className="teach-followups">
        {item.followUps.map((f) => (
          <div key={f.q}>
            <dt>{f.q}</dt>
            <dd><RichText text={f.a} /></dd>
          </div>
        ))}
      </dl>
      <div className="teach-showme">
        <button type="button" className="primary" onClick={() => onShowMe(a)} aria-describedby={`${id}-note`}>
          Show me on {MODEL_INFO[a.model].name}
        </button>
        <p className="note" id={`${id}-note`}>
          {what && <>{what.charAt(0).toUpperCase() + what.slice(1)}. </>}{a.note}
        </p>
      </div>
    </details>
  );
}

/** Every interview card; `onShowMe` receives the card's action (model, settings, play, note). */
export function Interview({ onShowMe, items = INTERVIEW }: {
  onShowMe: (action: ShowMeAction) => void;
  items?: readonly InterviewItem[];
}) {
  return (
    <section className="teach-interview" aria-label="Interview questions">
      {items.map((it) => <InterviewCard key={it.id} item={it} onShowMe={onShowMe} />)}
    </section>
  );
}

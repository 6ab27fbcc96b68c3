/**
 * <TeachingPanel>: the derivation, the exercises, the interview cards and the misconceptions,
 * one at a time behind tabs. Each piece can also be mounted on its own.
 */
import { useState } from 'react';
import type { ModelKind, TermSpec, TermValues } from '@/core/models/types';
import { Derivation } from '@/features/teaching/derivation';
import { Exercises } from '@/features/teaching/exercises';
import { Interview } from '@/features/teaching/interview';
import { Misconceptions } from '@/features/teaching/misconceptions';
import type { ShowMeAction } from '@/features/teaching/types';
import '@/features/teaching/teaching.css';

export interface TeachingPanelProps {
  model: ModelKind;
  latest: TermValues | null;
  highlight: string | null;
  onHighlight: (key: string | null) => void;
  onShowMe: (action: ShowMeAction) => void;
  terms?: readonly TermSpec[];
  /** Controlled (kept in the link): the open section, derivation and step (0-based); internal state when omitted. */
  view?: StudyView;
  onView?: (patch: Partial<StudyView>) => void;
}

/** What the study panel shows, as the link keeps it. */
export interface StudyView {
  section: Section;
  derivation: 'model' | 'logpx';
  step: number;
}

const SECTIONS = [
  { key: 'derivation', label: 'Derivation' },
  { key: 'exercises', label: 'Derive it yourself' },
  { key: 'interview', label: 'Interview questions' },
  { key: 'misconceptions', label: 'Common misconceptions' },
] as const;
export type Section = (typeof SECTIONS)[number]['key'];

export function TeachingPanel({ model, latest, highlight, onHighlight, onShowMe, terms, view, onView }: TeachingPanelProps) {
  const [ownSection, setOwnSection] = useState<Section>('derivation');
  const section = view?.section ?? ownSection;
  const setSection = (s: Section) => (onView ? onView({ section: s }) : setOwnSection(s));
  return (
    <section className="panel teach-panel card" aria-label="Study">
      <div className="model-picker" role="tablist" aria-label="Study sections">
        {SECTIONS.map((s) => (
          <button key={s.key} type="button" role="tab" id={`teach-tab-${s.key}`} aria-selected={section === s.key}
            aria-controls="teach-section" className={section === s.key ? 'tab active' : 'tab'} onClick={() => setSection(s.key)}>
            {s.label}
          </button>
        ))}
      </div>
      <div id="teach-section" role="tabpanel" aria-labelledby={`teach-tab-${section}`}>
        {section === 'derivation' && (
          <Derivation model={model} latest={latest} highlight={highlight} onHighlight={onHighlight} terms={terms}
            view={view?.derivation} step={view?.step}
            onView={onView && ((d) => onView({ derivation: d, step: 0 }))} onStep={onView && ((k) => onView({ step: k }))} />
        )}
        {section === 'exercises' && <Exercises />}
        {section === 'interview' && <Interview onShowMe={onShowMe} />}
        {section === 'misconceptions' && <Misconceptions />}
      </div>
    </section>
  );
}

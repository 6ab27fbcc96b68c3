/**
 * <TeachingPanel>: the derivation, the exercises, the interview cards and the misconceptions,
 * stacked. Each piece can also be mounted on its own.
 */
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
}

export function TeachingPanel({ model, latest, highlight, onHighlight, onShowMe, terms }: TeachingPanelProps) {
  return (
    <section className="panel teach-panel" aria-label="Study">
      <h2>Derivation</h2>
      <Derivation model={model} latest={latest} highlight={highlight} onHighlight={onHighlight} terms={terms} />
      <h2>Derive it yourself</h2>
      <Exercises />
      <h2>Interview questions</h2>
      <Interview onShowMe={onShowMe} />
      <h2>Common misconceptions</h2>
      <Misconceptions />
    </section>
  );
}

/** <Misconceptions>: claims from study notes, the verdict, the correction and its source. */
import { Tex } from '@/components/tex';
import { MISCONCEPTIONS } from '@/features/teaching/misconception-content';
import { RichText } from '@/features/teaching/rich-text';
import type { Misconception } from '@/features/teaching/types';
import '@/features/teaching/teaching.css';

export function Misconceptions({ items = MISCONCEPTIONS }: { items?: readonly Misconception[] }) {
  return (
    <ul className="teach-misconceptions" aria-label="Common misconceptions">
      {items.map((m) => (
        <li key={m.id} className="card teach-card" data-testid={`misconception-${m.id}`}>
          <p className="teach-claim">
            <span className={`teach-verdict teach-verdict-${m.verdict === 'wrong' ? 'wrong' : 'partly'}`}>{m.verdict}</span>{' '}
            <span className="teach-sr">Claim: </span><q><RichText text={m.claim} /></q>
          </p>
          <p><RichText text={m.correction} /></p>
          {m.tex && <Tex src={m.tex} display className="teach-math" />}
          <p className="teach-source">Source: {m.source}</p>
        </li>
      ))}
    </ul>
  );
}

import { Fragment } from 'react';
import { Tex } from '@/components/tex';
import { splitMath } from '@/features/teaching/live';

/** Prose with inline $math$ runs rendered by KaTeX. Unbalanced dollar signs show the raw text. */
export function RichText({ text }: { text: string }) {
  let runs;
  try {
    runs = splitMath(text);
  } catch {
    return <>{text}</>;
  }
  return (
    <>
      {runs.map((r, i) => (r.math ? <Tex key={i} src={r.s} /> : <Fragment key={i}>{r.s}</Fragment>))}
    </>
  );
}

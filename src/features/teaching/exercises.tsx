/**
 * <Exercises>: derivation exercises. The first step is given; the others stay hidden until the
 * learner reveals them, one at a time (or all at once).
 */
import { useId, useState } from 'react';
import { StepBody } from '@/features/teaching/derivation';
import { EXERCISES, exerciseSteps } from '@/features/teaching/exercise-content';
import { RichText } from '@/features/teaching/rich-text';
import type { Exercise } from '@/features/teaching/types';
import '@/features/teaching/teaching.css';

export function ExerciseCard({ exercise }: { exercise: Exercise }) {
  const id = useId();
  const steps = exerciseSteps(exercise);
  const n = steps.length;
  const [shown, setShown] = useState(1);
  return (
    <article className="card teach-exercise" aria-labelledby={`${id}-title`} data-testid={`exercise-${exercise.id}`}>
      <h4 id={`${id}-title`}>{exercise.title}</h4>
      <p className="teach-prompt"><RichText text={exercise.prompt} /></p>
      <ol className="teach-steps" id={`${id}-steps`}>
        {steps.map((s, k) => (k < shown ? (
          <li key={k}><StepBody step={s} /></li>
        ) : (
          <li key={k} className="teach-hidden">Step {k + 1}: hidden. Try it first.</li>
        )))}
      </ol>
      <div className="teach-nav" role="group" aria-label={`${exercise.title}: reveal`}>
        <button type="button" onClick={() => setShown((v) => Math.min(n, v + 1))} disabled={shown >= n} aria-controls={`${id}-steps`}>
          Reveal next step
        </button>
        <button type="button" onClick={() => setShown(n)} disabled={shown >= n} aria-controls={`${id}-steps`}>Reveal all</button>
        <button type="button" onClick={() => setShown(1)} disabled={shown <= 1} aria-controls={`${id}-steps`}>Start over</button>
        <span className="teach-count" aria-live="polite">{shown} of {n} steps shown</span>
      </div>
    </article>
  );
}

/** Every exercise (or the given ones). */
export function Exercises({ exercises = EXERCISES }: { exercises?: readonly Exercise[] }) {
  return (
    <section className="teach-exercises" aria-label="Derivation exercises">
      {exercises.map((ex) => <ExerciseCard key={ex.id} exercise={ex} />)}
    </section>
  );
}

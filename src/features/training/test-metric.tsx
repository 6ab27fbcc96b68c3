import type { TermSpec } from '@/core/models/types';
import type { SessionSnapshot } from '@/session/session';
import { TEST_EVAL_EVERY } from '@/session/session';

/** The model's terms on a fixed test subset, refreshed every TEST_EVAL_EVERY steps. */
export function TestMetric({ testEval, terms, objectiveKey, how }: {
  testEval: SessionSnapshot['testEval'];
  terms: readonly TermSpec[];
  objectiveKey: string;
  how: string;
}) {
  const main = terms.find((t) => t.key === objectiveKey);
  return (
    <div className="card metric" data-testid="test-metric">
      <h3>Test set</h3>
      {testEval && main ? (
        <>
          <p className="big">
            {main.label}: <strong>{testEval.values[objectiveKey].toFixed(2)}</strong> {main.unit}/image
          </p>
          <p className="note">
            {terms.filter((t) => t.key !== objectiveKey).map((t) => `${t.label} ${testEval.values[t.key].toFixed(2)} ${t.unit}/image`).join(' · ')}
            <br />Mean over the first {testEval.images.toLocaleString('en')} test images ({how}), at step {testEval.step}.
          </p>
        </>
      ) : (
        <p className="note">Evaluated every {TEST_EVAL_EVERY} training steps.</p>
      )}
    </div>
  );
}

import { useEffect, useMemo, useRef } from 'react';
import { useSession } from '@/hooks/use-session';
import { complete, isSettling, settleTrajectory, type Trajectory } from '@/session/model-queries';
import { duration } from '@/features/demos/format';
import { MaskPicker } from '@/features/demos/mask-picker';
import { applyMask, maskedCount, maskFor, type MaskSpec } from '@/features/demos/masks';
import { maskedSquaredErrors } from '@/features/demos/mmse';
import { SettlingPlayer } from '@/features/demos/settling-player';
import { useLiveQuery } from '@/features/demos/use-live-query';
import { renderMaskedRows } from '@/viz/masked-digits';

/** Eight fixed test digits (the first eight of the test split). */
export const N_MASKED = 8;
const IDX = Array.from({ length: N_MASKED }, (_, i) => i);

export const COMPLETION_METHOD: Record<string, string> = {
  gvae: 'encode the masked input, decode (masked pixels set to 0; observed pixels kept)',
  'gvae-cv': 'encode the masked input, decode (masked pixels set to 0; observed pixels kept)',
  rae: 'encode the masked input, decode (masked pixels set to 0; observed pixels kept)',
  'gncn-pdh': 'Eq. 19 settling: observed pixels stay clamped, masked pixels of z⁰ evolve as a latent state for K steps',
};

/** The live model completes 8 test digits under the chosen mask; M-MSE as in the paper. */
export function MaskedDemo({ mask, onMask }: { mask: MaskSpec; onMask: (m: MaskSpec) => void }) {
  const { session, snap } = useSession();
  const box = useRef<HTMLElement>(null);
  const canvas = useRef<HTMLCanvasElement>(null);
  const m = useMemo(() => maskFor(mask), [mask]);
  const test = useMemo(() => session.testImages(IDX), [session]);

  const q = useLiveQuery<{ completion: Float32Array; trajectory: Trajectory | null }>(snap, async () => {
    if (!test) return null;
    const xm = applyMask(test.images, m, N_MASKED);
    return session.query(async (model) => {
      // Both are queued before either is awaited: the model is alive while they are built.
      const c = complete(model, xm, m, N_MASKED);
      const K = snap.settings.settlingSteps;
      const t = isSettling(model) ? settleTrajectory(model, xm, N_MASKED, m, Array.from({ length: K }, (_, i) => i + 1)) : null;
      return { completion: await c, trajectory: t ? await t : null };
    });
  }, [m], box);

  const data = q.data;
  const score = data && test ? maskedSquaredErrors(test.images, data.completion, m, N_MASKED) : null;
  useEffect(() => {
    if (!canvas.current || !test) return;
    const rows = [
      { images: test.images, mask: null, style: 'plain' as const },
      { images: test.images, mask: m, style: 'masked' as const },
      ...(data ? [{ images: data.completion, mask: m, style: 'filled' as const }] : []),
    ];
    renderMaskedRows(canvas.current, rows, N_MASKED, { scale: 2 });
  }, [test, m, data]);

  const kind = snap.model?.kind ?? '';
  const label = `${N_MASKED} test digits: originals, masked (${maskedCount(m)} pixels hidden), and the model's completions` +
    (score ? `; M-MSE ${score.mean.toFixed(2)} squared error per image, summed over the masked pixels.` : '.');
  return (
    <figure className="card wide" ref={box} data-testid="masked-demo" data-ms={q.ms ?? undefined}>
      <figcaption>
        <span>Masked reconstruction (pattern completion)</span>
        {q.busy && <span className="busy" aria-hidden="true">updating…</span>}
      </figcaption>
      <MaskPicker mask={mask} onMask={onMask} background={test ? test.images.subarray(0, 784) : null} />
      <div className="rows">
        <div className="row-labels" aria-hidden="true"><span>original</span><span>masked</span><span>completion</span></div>
        <canvas ref={canvas} className="pixels" role="img" aria-label={label} data-testid="masked-canvas" />
      </div>
      <p className="big-number" data-testid="mmse">
        M-MSE: <strong data-testid="mmse-value">{score ? score.mean.toFixed(2) : '–'}</strong> squared error per image (sum over the masked pixels), mean over {N_MASKED} digits
      </p>
      <p className="note">
        Per digit: {score ? score.perImage.map((v) => v.toFixed(1)).join(', ') : '–'}. Method: <strong data-testid="completion-method">{COMPLETION_METHOD[kind]}</strong>.
        {' '}M-MSE = Σ over masked pixels of (x̂ − x)², the paper's metric; the paper labels it &quot;nats&quot;, but it is a sum of squares, not a log-likelihood.
        {' '}Blue ink: pixels the model filled in.{q.ms !== null && ` Computed in ${duration(q.ms)}.`}
        {' '}Every model on these digits under this mask, trained in lockstep: Side by side, below.
      </p>
      {data?.trajectory && <SettlingPlayer trajectory={data.trajectory} n={N_MASKED} mask={m} />}
      {q.error && <p className="alert" role="alert">{q.error}</p>}
    </figure>
  );
}

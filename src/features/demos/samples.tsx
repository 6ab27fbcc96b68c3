import { useEffect, useRef, useState } from 'react';
import { useSession } from '@/hooks/use-session';
import { hasCodeDensity, sample } from '@/session/model-queries';
import { duration } from '@/features/demos/format';
import { useLiveQuery } from '@/features/demos/use-live-query';
import { renderDigitRows } from '@/viz/digit-grid';

const N = 16;
const PER_ROW = 8;

/** Where each model's samples come from (the RAE's is read from the model: it changes when a GMM is fitted). */
const SOURCE: Record<string, string> = {
  gvae: 'z ~ N(0, I), the prior, decoded.',
  'gvae-cv': 'z ~ N(0, I), the prior, decoded.',
  'gncn-pdh': 'z³ drawn from a running diagonal Gaussian of relu(z³) (a mean and a variance per unit, tracked over the training batches), then projected down through W³, W², W¹ and M³, M². The paper fits a 75-component GMM to relu(z³) instead.',
};

/** 16 digits from the model's generator, redrawn with the same z while it trains; "New samples" draws new z. */
export function Samples({ densityVersion }: { densityVersion: number }) {
  const { session, snap } = useSession();
  const box = useRef<HTMLElement>(null);
  const canvas = useRef<HTMLCanvasElement>(null);
  const [seed, setSeed] = useState(1);
  const q = useLiveQuery(snap, () => session.query(async (m) => ({
    images: await sample(m, N, seed),
    density: hasCodeDensity(m) ? m.codeDensity.description : null,
  })), [seed, densityVersion], box);
  useEffect(() => {
    if (!canvas.current || !q.data) return;
    const rows = Array.from({ length: N / PER_ROW }, (_, r) => q.data!.images.subarray(r * PER_ROW * 784, (r + 1) * PER_ROW * 784));
    renderDigitRows(canvas.current, rows, PER_ROW, 2);
  }, [q.data]);
  const kind = snap.model?.kind ?? '';
  const source = q.data?.density ?? SOURCE[kind] ?? '';
  return (
    <figure className="card" ref={box} data-testid="samples" data-ms={q.ms ?? undefined}>
      <figcaption>
        <span>Samples</span>
        {q.busy && <span className="busy" aria-hidden="true">updating…</span>}
      </figcaption>
      <canvas ref={canvas} className="pixels" role="img" data-testid="samples-canvas"
        aria-label={q.data ? `${N} samples from the model (seed ${seed}), shown as Bernoulli means` : 'Sampling…'} />
      <div className="controls">
        <button type="button" onClick={() => setSeed((s) => s + 1)}>New samples</button>
        <span className="note">seed {seed}{q.ms !== null && ` · ${duration(q.ms)}`}</span>
      </div>
      <p className="note" data-testid="samples-source">
        {source} Shown as Bernoulli means p(x = 1 | z) per pixel, not binary draws. The same z are redrawn as training goes on, so you watch one set of codes sharpen.
      </p>
      {q.error && <p className="alert" role="alert">{q.error}</p>}
    </figure>
  );
}

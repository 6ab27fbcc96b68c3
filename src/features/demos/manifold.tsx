/** <Manifold>: the decoded latent grid of a 2-D code (the manifold), or a pointer to latent size 2. */
import { useEffect, useRef } from 'react';
import { useSession } from '@/hooks/use-session';
import { decode, encode } from '@/session/model-queries';
import { duration } from '@/features/demos/format';
import { codeRangeAxes, GRID_SIDE, gridCodes, priorQuantiles } from '@/features/demos/manifold-grid';
import { useLiveQuery } from '@/features/demos/use-live-query';
import { useWidth } from '@/features/demos/use-width';
import { renderManifold } from '@/viz/manifold';

/** Test codes that set the RAE's grid range. */
const N_RANGE = 1000;
const RANGE_IDX = Array.from({ length: N_RANGE }, (_, i) => i);

interface Grid {
  images: Float32Array;
  xs: number[];
  ys: number[];
}

/**
 * With a 2-D code: 12 x 12 digits decoded from a grid over the latent plane, at the prior's
 * quantiles (VAEs) or over the range of the test codes (RAE). Otherwise a pointer to J = 2.
 */
export function Manifold() {
  const { session, snap } = useSession();
  const box = useRef<HTMLElement>(null);
  const canvas = useRef<HTMLCanvasElement>(null);
  const width = useWidth(box, 260, 560, 480);
  const kind = snap.model?.kind ?? '';
  const isVae = kind === 'gvae' || kind === 'gvae-cv';
  const on = kind !== 'gncn-pdh' && snap.settings.latentDim === 2;

  const q = useLiveQuery<Grid>(snap, async () => {
    if (!on) return null;
    let xs = priorQuantiles();
    let ys = xs;
    if (!isVae) {
      const test = session.testImages(RANGE_IDX);
      if (!test) return null;
      const codes = await session.query((m) => (m.codeSize === 2 ? encode(m, test.images, N_RANGE) : Promise.resolve(null)));
      if (!codes) return null;
      [xs, ys] = codeRangeAxes(codes, N_RANGE);
    }
    const z = gridCodes(xs, ys);
    const images = await session.query((m) => (m.codeSize === 2 ? decode(m, z, GRID_SIDE * GRID_SIDE) : Promise.resolve(null)));
    return images ? { images, xs, ys } : null;
  }, [on], box);

  const data = on ? q.data : null;
  useEffect(() => {
    if (!canvas.current || !data) return;
    const scale = Math.max(1, Math.floor(((width - 54) / (GRID_SIDE * 28)) * 4) / 4);
    renderManifold(canvas.current, {
      images: data.images, xs: data.xs, ys: data.ys, scale, dpr: window.devicePixelRatio || 1,
      xLabel: isVae ? 'z₁ (prior quantiles)' : 'z₁ (code units)', yLabel: isVae ? 'z₂ (prior quantiles)' : 'z₂ (code units)',
    });
  }, [data, width, isVae]);

  if (kind === 'gncn-pdh') return null;
  if (!on) {
    return (
      <figure className="card" ref={box} data-testid="manifold">
        <figcaption><span>Decoded latent grid</span></figcaption>
        <p className="note">
          With latent size J = 2 the code is a plane, and a 12 × 12 grid of codes decoded to digits shows what each region of it
          means. Now J = {snap.settings.latentDim}.
        </p>
        <button type="button" onClick={() => session.set('latentDim', 2)}>Set J = 2 (re-initializes the model)</button>
      </figure>
    );
  }
  const range = (v: number[]) => `${v[0].toFixed(2)} to ${v[v.length - 1].toFixed(2)}`;
  const label = data
    ? `${GRID_SIDE} by ${GRID_SIDE} digits decoded from a grid of codes: z₁ from ${range(data.xs)} left to right, z₂ from ${range(data.ys)} bottom to top.`
    : 'Decoding the latent grid…';
  return (
    <figure className="card" ref={box} data-testid="manifold" data-ms={q.ms ?? undefined}>
      <figcaption>
        <span>Decoded latent grid (J = 2)</span>
        {q.busy && <span className="busy" aria-hidden="true">updating…</span>}
      </figcaption>
      <canvas ref={canvas} className="pixels manifold" role="img" aria-label={label} data-testid="manifold-canvas"
        data-tiles={data ? GRID_SIDE * GRID_SIDE : 0} />
      <p className="note">
        {isVae
          ? `Each tile is the decoder's Bernoulli means p(x = 1 | z) at z = (Φ⁻¹(a), Φ⁻¹(b)) for a, b = 1/24, 3/24, …, 23/24: every tile covers an equal share of the prior N(0, I), so the grid shows what the prior's samples look like, region by region.`
          : 'Each tile is the decoder at one code. The RAE has no prior, so the grid spans the range of its codes for the first 1,000 test digits (1st to 99th percentile on each axis); regions no digit maps to decode to whatever the decoder happens to give there.'}
        {' '}Same axes as the latent plot, which with J = 2 shows z₁ and z₂ directly.{q.ms !== null && ` ${duration(q.ms)}.`}
      </p>
      {q.error && <p className="alert" role="alert">{q.error}</p>}
    </figure>
  );
}

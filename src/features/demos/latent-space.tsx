import { useEffect, useRef, useState } from 'react';
import type { Gmm } from '@/core/density/gmm';
import { createRng, deriveSeed, normalArray } from '@/core/rng';
import { pca, project, type Pca } from '@/core/stats/pca';
import { rawAxes } from '@/features/demos/manifold-grid';
import { useSession } from '@/hooks/use-session';
import type { Session } from '@/session/session';
import { encode, hasCodeDensity } from '@/session/model-queries';
import { duration, pct } from '@/features/demos/format';
import { useLiveQuery } from '@/features/demos/use-live-query';
import { useWidth } from '@/features/demos/use-width';
import { textOn } from '@/viz/palette';
import { DIGIT_COLORS, renderScatter } from '@/viz/scatter';

/** Test codes plotted (the first 1,000 test digits), reference samples overlaid, training codes for the GMM. */
export const N_CODES = 1000;
const N_REF = 300;
const N_FIT = 3000;
const TEST_IDX = Array.from({ length: N_CODES }, (_, i) => i);
const FIT_IDX = Array.from({ length: N_FIT }, (_, i) => i);
const CHUNK = 250;
const CODE_TEXT: Record<string, string> = {
  gvae: 'Codes: the posterior mean μ(x). ',
  'gvae-cv': 'Codes: the posterior mean μ(x). ',
  rae: 'Codes: the deterministic code z = f(x). ',
  'gncn-pdh': 'Codes: relu(z³) after K settling steps. ',
};

/**
 * Codes of n images, a chunk at a time with a pause between chunks, so that a slow encoder
 * (GNCN-PDH settles K steps per image; on WASM the work runs on the main thread) never freezes
 * the page for long. A rebuild between chunks rejects the next chunk (AbortError) or is caught
 * by useLiveQuery, which drops answers about a replaced model.
 */
async function encodeInChunks(session: Session, images: Float32Array, n: number): Promise<{ codes: Float32Array; d: number; encodeMs: number }> {
  let codes: Float32Array | null = null;
  let d = 0;
  let encodeMs = 0; // time in the queries, without the pauses between chunks
  for (let start = 0; start < n; start += CHUNK) {
    const size = Math.min(CHUNK, n - start);
    const t0 = performance.now();
    const part = await session.query(async (m) => {
      d = m.codeSize;
      return encode(m, images.subarray(start * 784, (start + size) * 784), size);
    });
    encodeMs += performance.now() - t0;
    codes ??= new Float32Array(n * d);
    if (part.length !== size * d) throw new DOMException('The model changed', 'AbortError');
    codes.set(part, start * d);
    if (start + size < n) await new Promise((r) => setTimeout(r, 0));
  }
  return { codes: codes!, d, encodeMs };
}

interface LatentData {
  points: Float32Array;
  labels: number[];
  d: number;
  basis: Pca;
  hollow: Float32Array | null;
  hollowWhat: string | null;
  /** Time of the PCA and projections in JS, and in the encoder queries (ms). */
  pcaMs: number;
  encodeMs: number;
}

/**
 * The aggregate posterior: 1,000 test codes projected on their top two principal axes, with
 * prior samples (VAEs) or samples of the fitted ex-post GMM (RAE) projected the same way.
 * @param star a code to mark (the user's drawing), same size as the model's codes
 */
export function LatentSpace({ star, onDensityFitted }: { star: Float32Array | null; onDensityFitted: () => void }) {
  const { session, snap } = useSession();
  const box = useRef<HTMLElement>(null);
  const canvas = useRef<HTMLCanvasElement>(null);
  const width = useWidth(box, 260, 560, 480);
  const gmm = useRef<{ gmm: Gmm; model: unknown } | null>(null);
  const prevBasis = useRef<{ basis: Pca; model: unknown } | null>(null);
  const [fit, setFit] = useState<{ busy: boolean; text: string | null; version: number }>({ busy: false, text: null, version: 0 });
  const kind = snap.model?.kind;
  const isVae = kind === 'gvae' || kind === 'gvae-cv';

  useEffect(() => {
    gmm.current = null;
    setFit({ busy: false, text: null, version: 0 });
  }, [snap.model]);

  const q = useLiveQuery<LatentData>(snap, async () => {
    const test = session.testImages(TEST_IDX);
    if (!test) return null;
    const model = snap.model;
    const { codes, d, encodeMs } = await encodeInChunks(session, test.images, N_CODES);
    const t0 = performance.now();
    const warm = prevBasis.current?.model === model && prevBasis.current.basis.d === d ? prevBasis.current.basis.axes : undefined;
    // A 2-D code is shown on its own axes z1, z2 (the decoded grid's axes), not rotated by PCA.
    const basis = d === 2 ? rawAxes(codes, N_CODES) : pca(codes, N_CODES, d, { init: warm });
    prevBasis.current = { basis, model };
    let hollow: Float32Array | null = null;
    let hollowWhat: string | null = null;
    if (isVae) {
      hollow = project(basis, normalArray(createRng(deriveSeed(1, 'demos/prior')), N_REF * d), N_REF);
      hollowWhat = `${N_REF} prior samples z ~ N(0, I)`;
    } else if (gmm.current && gmm.current.model === model && gmm.current.gmm.d === d) {
      hollow = project(basis, gmm.current.gmm.sample(N_REF, createRng(deriveSeed(1, 'demos/gmm'))), N_REF);
      hollowWhat = `${N_REF} samples of the fitted GMM`;
    }
    const points = project(basis, codes, N_CODES);
    return { points, labels: test.labels, d, basis, hollow, hollowWhat, pcaMs: performance.now() - t0, encodeMs };
  }, [fit.version], box);

  const data = q.data;
  const starAt = data && star && star.length === data.d ? project(data.basis, star, 1) : null;
  const [e1, e2] = data ? data.basis.explained : [0, 0];
  const raw = data?.d === 2;
  useEffect(() => {
    if (!canvas.current || !data) return;
    renderScatter(canvas.current, {
      width, height: Math.round(width * 0.8), points: data.points, labels: data.labels, hollow: data.hollow,
      star: starAt ? [starAt[0], starAt[1]] : null, xLabel: `${raw ? 'z₁' : 'PC1'} (${pct(e1)} of the variance)`, yLabel: `${raw ? 'z₂' : 'PC2'} (${pct(e2)})`,
      dpr: window.devicePixelRatio || 1,
    });
  }, [data, width, starAt?.[0], starAt?.[1]]);

  const fitGmm = async () => {
    const train = session.trainImages(FIT_IDX);
    if (!train) return;
    setFit((f) => ({ ...f, busy: true, text: 'Fitting…' }));
    await new Promise((r) => setTimeout(r, 30)); // let "Fitting…" paint: the EM fit blocks the page
    const model = snap.model;
    try {
      const text = await session.query(async (m) => {
        if (!hasCodeDensity(m)) return null;
        const codes = await encode(m, train, N_FIT);
        const t0 = performance.now();
        const g = m.fitCodeDensity(codes, N_FIT, { k: 10 });
        gmm.current = { gmm: g, model };
        const info = g.fitInfo;
        return `${m.codeDensity.description} EM on ${N_FIT.toLocaleString('en')} training codes: ${info?.iterations ?? '?'} iterations, ` +
          `${duration(performance.now() - t0)}; mean log-density ${info ? info.meanLogLik.toFixed(1) : '?'} nats per code (a density over the ${m.codeSize}-d code space).`;
      });
      setFit((f) => ({ busy: false, text, version: f.version + 1 }));
      onDensityFitted();
    } catch (err) {
      setFit((f) => ({ ...f, busy: false, text: err instanceof DOMException ? null : `Fit failed: ${String(err)}` }));
    }
  };

  const label = data
    ? `Latent space: ${N_CODES.toLocaleString('en')} test codes (${data.d}-dimensional) ${raw ? 'on their own axes z₁ and z₂, which carry' : 'projected on two principal axes; PCA explains'} ${pct(e1)} and ${pct(e2)} of the variance` +
      `${data.hollow ? `; hollow circles: ${data.hollowWhat}` : ''}${starAt ? `; star: your drawing at (${starAt[0].toFixed(2)}, ${starAt[1].toFixed(2)})` : ''}.`
    : 'Latent space: encoding test digits…';
  return (
    <figure className="card chart" ref={box} data-testid="latent-space" data-ms={q.ms ?? undefined} data-pca-ms={data?.pcaMs} data-encode-ms={data?.encodeMs}>
      <figcaption>
        <span>Latent space: the aggregate posterior{isVae ? ' vs the prior' : ''}</span>
        {q.busy && <span className="busy" aria-hidden="true">updating…</span>}
      </figcaption>
      <canvas ref={canvas} className="scatter" role="img" aria-label={label} data-testid="latent-canvas" data-points={data ? N_CODES : 0} />
      <ul className="legend" aria-label="Legend">
        {DIGIT_COLORS.map((c, i) => (
          <li key={i}><span className="glyph" style={{ background: c, color: textOn(c) }}>{i}</span>digit {i}</li>
        ))}
        {data?.hollow && <li><span className="hollow" />{data.hollowWhat}</li>}
        {starAt && <li>★ your drawing</li>}
      </ul>
      <p className="note">
        {CODE_TEXT[kind ?? ''] ?? ''}
        {raw ? 'Axes: the two code units themselves (no projection), origin at 0.' : "Projection: PCA (power iteration on the codes' covariance, in the browser); axes in code units, origin at the codes' mean."}
        {isVae && ' If the VAE matches its prior, the codes fill the same region as the hollow circles.'}
        {kind === 'gncn-pdh' && ' GNCN-PDH has no N(0, I) prior; its sampler is a running diagonal Gaussian of relu(z³).'}
        {data && ` Last refresh: encoding ${duration(data.encodeMs)} in ${N_CODES / CHUNK} chunks, PCA ${duration(data.pcaMs)}.`}
      </p>
      {kind === 'rae' && (
        <div className="controls">
          <p className="note">The RAE has no prior: nothing pulls its codes toward N(0, I), so sampling z ~ N(0, I) can land in holes between the clusters. Fit an ex-post density instead (the paper fits a 75-component GMM).</p>
          <button type="button" onClick={() => void fitGmm()} disabled={fit.busy || !snap.trainReady}>Fit ex-post GMM (k = 10, {N_FIT.toLocaleString('en')} training codes)</button>
          {fit.text && <p className="note" role="status" data-testid="gmm-status">{fit.text}</p>}
        </div>
      )}
      {q.error && <p className="alert" role="alert">{q.error}</p>}
    </figure>
  );
}

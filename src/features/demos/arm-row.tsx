/** <ArmRow>: one model of a side-by-side run: what it is, its reconstructions, completions with M-MSE, and its latent space. */
import { useEffect, useRef } from 'react';
import { pca, project } from '@/core/stats/pca';
import type { CompareSession, CompareSnapshot } from '@/session/compare-session';
import { complete, encode, reconstruct } from '@/session/model-queries';
import { armDescription } from '@/features/demos/compare-specs';
import { duration, pct } from '@/features/demos/format';
import { rawAxes } from '@/features/demos/manifold-grid';
import { applyMask, PIXELS } from '@/features/demos/masks';
import { maskedSquaredErrors } from '@/features/demos/mmse';
import { useLiveQuery } from '@/features/demos/use-live-query';
import { renderMaskedRows } from '@/viz/masked-digits';
import { renderScatter } from '@/viz/scatter';

/** Codes per arm in its latent plot (GNCN-PDH settles K steps per code: kept small). */
export const ARM_CODES = 300;
const LATENT_MS = 5000;
const CODE_CHUNK = 50;

export interface ArmInputs {
  /** The demo digits [n, 784] (the masked demo's) and their count. */
  digits: Float32Array;
  n: number;
  /** The completion mask [784], 1 = observed. */
  mask: Float32Array;
  /** Test digits [ARM_CODES, 784] and labels for the latent plot. */
  codeImages: Float32Array;
  codeLabels: number[];
  /** The user's drawing [784] (binarized), or null. */
  drawing: Float32Array | null;
}

/**
 * One arm of a side-by-side run: what it is (steps, sizes), its reconstructions and its
 * completions of the shared digits with M-MSE, and its own latent space with the drawing starred.
 */
export function ArmRow({ run, snap, arm, color, inputs }: { run: CompareSession; snap: CompareSnapshot; arm: number; color: string; inputs: ArmInputs }) {
  const box = useRef<HTMLDivElement>(null);
  const digitsCanvas = useRef<HTMLCanvasElement>(null);
  const scatter = useRef<HTMLCanvasElement>(null);
  const info = snap.model[arm];
  const { digits, n, mask, drawing } = inputs;

  const images = useLiveQuery(snap, () => {
    const step = run.getSnapshot().step;
    return run.query(arm, async (m) => {
      const r = reconstruct(m, digits, n);
      const c = complete(m, applyMask(digits, mask, n), mask, n);
      return { recon: await r, completion: await c, step };
    });
  }, [mask, digits], box);

  const latent = useLiveQuery(snap, async () => {
    const count = ARM_CODES + (drawing ? 1 : 0);
    const x = new Float32Array(count * PIXELS);
    x.set(inputs.codeImages.subarray(0, ARM_CODES * PIXELS));
    if (drawing) x.set(drawing, ARM_CODES * PIXELS);
    // In chunks with a pause between them: GNCN-PDH settles K steps per code, and on WASM that
    // runs on the main thread (300 codes at the default sizes take about a second at once).
    const parts: Float32Array[] = [];
    for (let start = 0; start < count; start += CODE_CHUNK) {
      if (start > 0) await new Promise((r) => setTimeout(r, 0));
      const size = Math.min(CODE_CHUNK, count - start);
      parts.push(await run.query(arm, (m) => encode(m, x.subarray(start * PIXELS, (start + size) * PIXELS), size)));
    }
    const d = parts[0].length / Math.min(CODE_CHUNK, count);
    const codes = new Float32Array(count * d);
    parts.forEach((p, i) => codes.set(p, i * CODE_CHUNK * d));
    const own = codes.subarray(0, ARM_CODES * d);
    const basis = d === 2 ? rawAxes(own, ARM_CODES) : pca(own, ARM_CODES, d);
    const points = project(basis, codes, count);
    return { points: points.subarray(0, 2 * ARM_CODES), star: drawing ? [points[2 * ARM_CODES], points[2 * ARM_CODES + 1]] as [number, number] : null, explained: basis.explained, d };
  }, [drawing], box, LATENT_MS);

  const score = images.data ? maskedSquaredErrors(digits, images.data.completion, mask, n) : null;
  useEffect(() => {
    if (!digitsCanvas.current || !images.data) return;
    renderMaskedRows(digitsCanvas.current, [
      { images: images.data.recon, mask: null, style: 'plain' },
      { images: images.data.completion, mask, style: 'filled' },
    ], n, { scale: 2 });
  }, [images.data, mask, n]);
  useEffect(() => {
    const l = latent.data;
    if (!scatter.current || !l) return;
    const axis = (j: number) => `${l.d === 2 ? `z${j === 0 ? '₁' : '₂'}` : `PC${j + 1}`} (${pct(l.explained[j])})`;
    renderScatter(scatter.current, {
      width: 230, height: 190, points: l.points, labels: inputs.codeLabels, hollow: null, star: l.star,
      xLabel: axis(0), yLabel: axis(1), dpr: window.devicePixelRatio || 1,
    });
  }, [latent.data, inputs.codeLabels]);

  const description = armDescription(info.settings, snap.step, info.numParams);
  return (
    <div className="arm-row" ref={box} data-testid={`arm-${arm}`} data-ms={images.ms ?? undefined} data-latent-ms={latent.ms ?? undefined}>
      <div className="arm-head">
        <h4><span className="swatch" style={{ background: color }} />{info.label}</h4>
        <p className="note" data-testid={`arm-${arm}-what`}>{description}.</p>
        <p className="big-number">M-MSE <strong data-testid={`arm-${arm}-mmse`}>{score ? score.mean.toFixed(2) : '–'}</strong></p>
        <p className="note">squared error per image, summed over the masked pixels, mean over {n} digits{images.data && `, at step ${images.data.step}`}{images.ms !== null && ` · ${duration(images.ms)}`}</p>
      </div>
      <div className="arm-digits">
        <div className="rows">
          <div className="row-labels" aria-hidden="true"><span>recon&shy;struction</span><span>completion</span></div>
          <canvas ref={digitsCanvas} className="pixels" role="img" data-testid={`arm-${arm}-digits`}
            aria-label={images.data ? `${info.label}: reconstructions and completions of the ${n} digits; M-MSE ${score!.mean.toFixed(2)}.` : `${info.label}: computing…`} />
        </div>
      </div>
      <figure className="arm-latent">
        <canvas ref={scatter} className="scatter" role="img" data-testid={`arm-${arm}-latent`}
          aria-label={latent.data
            ? `${info.label}: ${ARM_CODES} test codes (${latent.data.d}-dimensional)${latent.data.d === 2 ? '' : ' on their two principal axes'}${latent.data.star ? `; star: your drawing at (${latent.data.star[0].toFixed(2)}, ${latent.data.star[1].toFixed(2)})` : ''}.`
            : `${info.label}: encoding…`} />
        <figcaption className="note">Its own latent space{latent.data && latent.data.d > 2 ? ' (PCA)' : ''}{drawing ? '; ★ your drawing' : ''}</figcaption>
      </figure>
      {(images.error || latent.error) && <p className="alert" role="alert">{images.error ?? latent.error}</p>}
    </div>
  );
}

import { useEffect, useMemo, useRef, useState, type PointerEvent } from 'react';
import { useSession } from '@/hooks/use-session';
import { complete, encode, reconstruct } from '@/session/model-queries';
import { binarize, centerByMass, inkCount, strokeSegment } from '@/features/demos/draw';
import { duration } from '@/features/demos/format';
import { applyMask, describeMask, maskFor, PIXELS, SIDE, type MaskSpec } from '@/features/demos/masks';
import { maskedSquaredErrors } from '@/features/demos/mmse';
import { useLiveQuery } from '@/features/demos/use-live-query';
import { DigitTile } from '@/features/demos/digit-tile';
import { renderMaskedRows, type DigitRow } from '@/viz/masked-digits';

const PAD_SCALE = 8;

/**
 * Draw a digit (pointer, touch or pen; soft brush binarized at 0.5), then the live model
 * reconstructs it, places its code in the latent plot (a star) and completes it under the mask.
 * @param onCode the drawing's code for the latent plot (null when the pad is empty)
 * @param onDrawing the drawing as the models see it (binarized, centered if chosen; null when empty), for the side-by-side runs
 */
export function DrawPad({ mask, onCode, onDrawing }: { mask: MaskSpec; onCode: (code: Float32Array | null) => void; onDrawing?: (x: Float32Array | null) => void }) {
  const { session, snap } = useSession();
  const box = useRef<HTMLElement>(null);
  const pad = useRef<HTMLCanvasElement>(null);
  const soft = useRef(new Float32Array(PIXELS));
  const last = useRef<[number, number] | null>(null);
  const [version, setVersion] = useState(0); // bumped when a stroke ends (queries the model)
  const [, repaint] = useState(0); // bumped while drawing (redraws the pad only)
  const [center, setCenter] = useState(true);
  const [testDigit, setTestDigit] = useState(0);
  const m = useMemo(() => maskFor(mask), [mask]);

  const x = useMemo(() => {
    const b = binarize(soft.current);
    return center ? centerByMass(b) : b;
  }, [version, center]);
  const ink = inkCount(x);

  const q = useLiveQuery(snap, async () => {
    if (ink === 0) return null;
    const xm = applyMask(x, m, 1);
    return session.query(async (model) => {
      const [r, z, c] = [reconstruct(model, x, 1), encode(model, x, 1), complete(model, xm, m, 1)];
      return { recon: await r, code: await z, completion: await c };
    });
  }, [x, m], box);
  useEffect(() => onCode(q.data?.code ?? null), [q.data, onCode]);
  useEffect(() => onDrawing?.(ink > 0 ? x : null), [x, ink, onDrawing]);

  useEffect(() => {
    if (pad.current) renderMaskedRows(pad.current, [{ images: binarize(soft.current), mask: null, style: 'plain' }], 1, { scale: PAD_SCALE, gap: 0, grid: true });
  });
  const tiles = useMemo(() => ({
    input: { images: x, mask: null, style: 'plain' } as DigitRow,
    masked: { images: x, mask: m, style: 'masked' } as DigitRow,
  }), [x, m]);

  const at = (e: PointerEvent<HTMLCanvasElement>): [number, number] => {
    const rect = e.currentTarget.getBoundingClientRect();
    return [((e.clientX - rect.left) / rect.width) * SIDE, ((e.clientY - rect.top) / rect.height) * SIDE];
  };
  const move = (e: PointerEvent<HTMLCanvasElement>) => {
    if (!last.current) return;
    const p = at(e);
    strokeSegment(soft.current, last.current[0], last.current[1], p[0], p[1]);
    last.current = p;
    repaint((v) => v + 1);
  };
  const end = () => {
    if (!last.current) return;
    last.current = null;
    setVersion((v) => v + 1);
  };
  const load = () => {
    const t = session.testImages([testDigit]);
    if (!t) return;
    soft.current = t.images.slice();
    setTestDigit(testDigit + 1);
    setVersion((v) => v + 1);
  };
  const score = q.data ? maskedSquaredErrors(x, q.data.completion, m, 1).perImage[0] : null;
  return (
    <figure className="card wide" ref={box} data-testid="draw-pad" data-ms={q.ms ?? undefined}>
      <figcaption><span>Draw your own digit</span>{q.busy && <span className="busy" aria-hidden="true">updating…</span>}</figcaption>
      <div className="pad-row">
        <canvas ref={pad} className="pixels pad" data-testid="pad-canvas" role="img"
          aria-label={`Drawing pad, ${SIDE} by ${SIDE} pixels: ${ink} pixels inked. Draw with a mouse, finger or pen; keyboard users can load a test digit instead.`}
          onPointerDown={(e) => { e.currentTarget.setPointerCapture(e.pointerId); last.current = at(e); move(e); }}
          onPointerMove={move} onPointerUp={end} onPointerCancel={end} />
        <div className="pad-row" data-testid="pad-results">
          <DigitTile row={tiles.input} caption={`input (binarized${center ? ', centered' : ''})`} label={`Your digit as the model sees it: ${ink} pixels on.`} />
          <DigitTile row={q.data ? { images: q.data.recon, mask: null, style: 'plain' } : null} caption="reconstruction" testId="pad-recon"
            label={q.data ? "The model's reconstruction of your digit." : 'No reconstruction yet.'} />
          <DigitTile row={tiles.masked} caption="masked" label="Your digit with the mask applied (tinted pixels hidden)." />
          <DigitTile row={q.data ? { images: q.data.completion, mask: m, style: 'filled' } : null} caption="completion"
            label={q.data ? `The model's completion of the masked digit, M-MSE ${score?.toFixed(2)} squared error.` : 'No completion yet.'} />
        </div>
      </div>
      <div className="controls">
        <button type="button" onClick={() => { soft.current = new Float32Array(PIXELS); setVersion((v) => v + 1); }}>Clear</button>
        <button type="button" onClick={load}>Load test digit #{testDigit}</button>
        <label className="inline"><input type="checkbox" checked={center} onChange={(e) => setCenter(e.target.checked)} /> center it like MNIST (shift the center of mass to the middle)</label>
      </div>
      <p className="note" data-testid="pad-status">
        {ink === 0 ? 'Draw a digit in the box.' : q.data
          ? `Reconstructed; its code is the star in the latent-space plot (and in each model's latent space under Side by side, once that has run). Completion under the mask (${describeMask(mask)}): M-MSE ${score!.toFixed(2)} squared error (sum over the masked pixels).${q.ms !== null ? ` ${duration(q.ms)}.` : ''}`
          : 'Asking the model…'}
        {' '}Soft brush, binarized at 0.5 like the training data.
      </p>
    </figure>
  );
}

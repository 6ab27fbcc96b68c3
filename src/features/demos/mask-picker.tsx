import { useEffect, useRef, useState, type PointerEvent } from 'react';
import { describeMask, maskedCount, maskFor, PIXELS, SIDE, type MaskKind, type MaskSpec } from '@/features/demos/masks';
import { renderMaskedRows } from '@/viz/masked-digits';

const PRESETS: { kind: MaskKind; label: string }[] = [
  { kind: 'right-half', label: 'Right half (paper)' },
  { kind: 'bottom-half', label: 'Bottom half' },
  { kind: 'random', label: 'Random pixels' },
  { kind: 'box', label: 'Centered box' },
  { kind: 'brush', label: 'Brush' },
];
const SCALE = 6;

/**
 * Picks the completion mask: presets (keyboard-accessible), a fraction slider and a new seed for
 * random pixels, a size slider for the box, or a brush that paints the mask on a 28 x 28 grid.
 * @param background a digit drawn under the brush editor
 */
export function MaskPicker({ mask, onMask, background }: { mask: MaskSpec; onMask: (m: MaskSpec) => void; background: Float32Array | null }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const [fraction, setFraction] = useState(0.5);
  const [seed, setSeed] = useState(1);
  const [size, setSize] = useState(12);
  // The mask can come from a link (or Back): the sliders follow it.
  useEffect(() => {
    if (mask.kind === 'random') { setFraction(mask.fraction); setSeed(mask.seed); }
    if (mask.kind === 'box') setSize(mask.size);
  }, [mask]);
  const brush = useRef<Float32Array>(maskFor(mask));
  const stroke = useRef<{ value: number } | null>(null);
  const [, redraw] = useState(0);

  const pick = (kind: MaskKind) => {
    if (kind === 'random') onMask({ kind, fraction, seed });
    else if (kind === 'box') onMask({ kind, size });
    else if (kind === 'brush') {
      brush.current = maskFor(mask); // start from the mask on show
      onMask({ kind, mask: brush.current.slice() });
    } else onMask({ kind });
  };

  useEffect(() => {
    if (mask.kind !== 'brush' || !canvas.current) return;
    renderMaskedRows(canvas.current, [{ images: background ?? new Float32Array(PIXELS), mask: brush.current, style: 'masked' }], 1, { scale: SCALE, gap: 0, grid: true });
  });

  const paint = (e: PointerEvent<HTMLCanvasElement>, first: boolean) => {
    const rect = e.currentTarget.getBoundingClientRect();
    const cx = ((e.clientX - rect.left) / rect.width) * SIDE;
    const cy = ((e.clientY - rect.top) / rect.height) * SIDE;
    const m = brush.current;
    const hit = Math.min(SIDE - 1, Math.max(0, Math.floor(cy))) * SIDE + Math.min(SIDE - 1, Math.max(0, Math.floor(cx)));
    if (first) stroke.current = { value: m[hit] >= 0.5 ? 0 : 1 }; // paint masked, or erase where it starts on masked
    if (!stroke.current) return;
    for (let r = Math.floor(cy - 2); r <= Math.ceil(cy + 2); r++) {
      for (let c = Math.floor(cx - 2); c <= Math.ceil(cx + 2); c++) {
        if (r >= 0 && r < SIDE && c >= 0 && c < SIDE && (c + 0.5 - cx) ** 2 + (r + 0.5 - cy) ** 2 <= 1.6 ** 2) m[r * SIDE + c] = stroke.current.value;
      }
    }
    redraw((v) => v + 1);
  };
  const end = () => {
    if (!stroke.current) return;
    stroke.current = null;
    onMask({ kind: 'brush', mask: brush.current.slice() });
  };

  return (
    <div className="mask-picker-box">
      <div className="controls mask-presets" role="group" aria-label="Mask">
        {PRESETS.map((p) => (
          <button key={p.kind} type="button" aria-pressed={mask.kind === p.kind} onClick={() => pick(p.kind)}>{p.label}</button>
        ))}
      </div>
      {mask.kind === 'random' && (
        <div className="controls">
          <label>Masked fraction{' '}
            <input type="range" min={0.05} max={0.95} step={0.05} value={fraction} aria-valuetext={`${Math.round(fraction * 100)}% of the pixels`}
              onChange={(e) => { const f = Number(e.target.value); setFraction(f); onMask({ kind: 'random', fraction: f, seed }); }} />
          </label>
          <span>{Math.round(fraction * 100)}%</span>
          <button type="button" onClick={() => { setSeed(seed + 1); onMask({ kind: 'random', fraction, seed: seed + 1 }); }}>New random pattern</button>
        </div>
      )}
      {mask.kind === 'box' && (
        <div className="controls">
          <label>Box side{' '}
            <input type="range" min={4} max={24} step={2} value={size} aria-valuetext={`${size} pixels`}
              onChange={(e) => { const s = Number(e.target.value); setSize(s); onMask({ kind: 'box', size: s }); }} />
          </label>
          <span>{size} px</span>
        </div>
      )}
      {mask.kind === 'brush' && (
        <div className="controls">
          <canvas ref={canvas} className="pixels pad" data-testid="mask-brush"
            role="img" aria-label={`Mask brush: ${maskedCount(brush.current)} of ${PIXELS} pixels masked. Drag to paint masked pixels; start on a masked pixel to erase. Keyboard: use the preset buttons.`}
            onPointerDown={(e) => { e.currentTarget.setPointerCapture(e.pointerId); paint(e, true); }}
            onPointerMove={(e) => paint(e, false)} onPointerUp={end} onPointerCancel={end} />
          <button type="button" onClick={() => { brush.current = new Float32Array(PIXELS).fill(1); onMask({ kind: 'brush', mask: brush.current.slice() }); }}>Clear brush</button>
        </div>
      )}
      <p className="note" data-testid="mask-description">Mask: {describeMask(mask)}. Tinted pixels are hidden from the model.</p>
    </div>
  );
}

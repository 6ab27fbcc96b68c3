/**
 * <DemosPanel>: what the live model can do, refreshed as it trains: its latent space, samples,
 * the rate-distortion plane, masked completion (with GNCN-PDH's settling) and a drawing pad.
 * The mask and the drawing's code are shared here: the pad completes under the demo's mask,
 * and its code is starred in the latent plot (projected on the same PCA axes).
 */
import { useCallback, useMemo, useState } from 'react';
import { maskFromSettings, maskSettings, withSettings } from '@/app/view-state';
import { useSession } from '@/hooks/use-session';
import { ComparePanel } from '@/features/demos/compare-panel';
import { DrawPad } from '@/features/demos/draw-pad';
import { LatentSpace } from '@/features/demos/latent-space';
import { Manifold } from '@/features/demos/manifold';
import { MaskedDemo } from '@/features/demos/masked-demo';
import type { MaskSpec } from '@/features/demos/masks';
import { RateDistortion } from '@/features/demos/rate-distortion';
import { Samples } from '@/features/demos/samples';
import { REFRESH_MS } from '@/features/demos/use-live-query';
import '@/features/demos/demos.css';

export function DemosPanel() {
  const { session, snap } = useSession();
  // The preset masks live in the settings (and so in the link); a brush mask stays on the page.
  const { mask: kind, maskFraction, maskSeed, maskBox } = snap.settings;
  const preset = useMemo(() => maskFromSettings({ mask: kind, maskFraction, maskSeed, maskBox }), [kind, maskFraction, maskSeed, maskBox]);
  // A brush mask holds while the link's mask stays the one it was painted over (Back drops it).
  const [brush, setBrush] = useState<{ mask: MaskSpec; over: MaskSpec } | null>(null);
  const mask = brush && brush.over === preset ? brush.mask : preset;
  const setMask = useCallback((m: MaskSpec) => {
    const patch = maskSettings(m);
    setBrush(patch ? null : { mask: m, over: preset });
    if (patch) session.applySettings(withSettings(session.getSnapshot().settings, patch));
  }, [session, preset]);
  const [drawnCode, setDrawnCode] = useState<Float32Array | null>(null);
  const [densityVersion, setDensityVersion] = useState(0);
  const onCode = useCallback((c: Float32Array | null) => setDrawnCode(c), []);
  const [drawing, setDrawing] = useState<Float32Array | null>(null);
  const onDensityFitted = useCallback(() => setDensityVersion((v) => v + 1), []);
  if (!snap.model) return null;
  return (
    <section className="panel demos card" aria-label="Demos" data-testid="demos">
      <h2>What the model does now</h2>
      <p className="note">
        Each view asks the live model and refreshes at most every {REFRESH_MS / 1000} s while it trains (only while on screen).
      </p>
      <div className="demo-grid">
        <LatentSpace star={drawnCode} onDensityFitted={onDensityFitted} />
        <div className="stack">
          <Samples densityVersion={densityVersion} />
          <Manifold />
          <RateDistortion />
        </div>
        <MaskedDemo mask={mask} onMask={setMask} />
        <DrawPad mask={mask} onCode={onCode} onDrawing={setDrawing} />
        <ComparePanel mask={mask} drawing={drawing} />
      </div>
    </section>
  );
}

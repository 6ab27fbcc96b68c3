/**
 * <DemosPanel>: what the live model can do, refreshed as it trains: its latent space, samples,
 * the rate-distortion plane, masked completion (with GNCN-PDH's settling) and a drawing pad.
 * The mask and the drawing's code are shared here: the pad completes under the demo's mask,
 * and its code is starred in the latent plot (projected on the same PCA axes).
 */
import { useCallback, useState } from 'react';
import { useSession } from '@/hooks/use-session';
import { DrawPad } from '@/features/demos/draw-pad';
import { LatentSpace } from '@/features/demos/latent-space';
import { MaskedDemo } from '@/features/demos/masked-demo';
import { PAPER_MASK, type MaskSpec } from '@/features/demos/masks';
import { RateDistortion } from '@/features/demos/rate-distortion';
import { Samples } from '@/features/demos/samples';
import { REFRESH_MS } from '@/features/demos/use-live-query';
import '@/features/demos/demos.css';

export function DemosPanel() {
  const { snap } = useSession();
  const [mask, setMask] = useState<MaskSpec>(PAPER_MASK);
  const [drawnCode, setDrawnCode] = useState<Float32Array | null>(null);
  const [densityVersion, setDensityVersion] = useState(0);
  const onCode = useCallback((c: Float32Array | null) => setDrawnCode(c), []);
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
          <RateDistortion />
        </div>
        <MaskedDemo mask={mask} onMask={setMask} />
        <DrawPad mask={mask} onCode={onCode} />
      </div>
    </section>
  );
}

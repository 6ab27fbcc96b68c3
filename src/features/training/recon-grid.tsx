import { useEffect, useRef } from 'react';
import { renderDigitRows } from '@/viz/digit-grid';

/** Test digits (top) and the model's reconstructions (bottom), refreshed while training. */
export function ReconGrid({ recon, how }: { recon: { originals: Float32Array; reconstructions: Float32Array; step: number } | null; how: string }) {
  const ref = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    if (ref.current && recon) renderDigitRows(ref.current, [recon.originals, recon.reconstructions], recon.originals.length / 784);
  }, [recon]);
  return (
    <figure className="card">
      <figcaption>Test digits (top) and reconstructions (bottom){recon ? `, step ${recon.step}` : ''}</figcaption>
      <canvas ref={ref} className="digits" data-testid="recon-grid" data-step={recon?.step ?? -1}
        role="img" aria-label={recon ? `Ten test digits and their reconstructions at step ${recon.step}` : 'No reconstructions yet'} />
      <p className="note">Reconstruction: {how}</p>
    </figure>
  );
}
